package dev.zeropin.gateway.radius;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The RadSec listener's meters: {@code zeropin_radsec_connections_open} (gauge),
 * {@code zeropin_radsec_connections_total{outcome}} (accepted, or refused by a limit),
 * {@code zeropin_radsec_handshakes_failed_total{reason}}, {@code zeropin_radsec_closed_total{reason}}
 * (idle, malformed length, too many pending requests) and {@code zeropin_radsec_packets_total{direction}}.
 * What the packets lead to (accepted, rejected, dropped per NAS) is counted by {@link RadiusMetrics}
 * as for UDP.
 */
@ApplicationScoped
public class RadSecMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger open = new AtomicInteger();

    public RadSecMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("zeropin.radsec.connections.open", open, AtomicInteger::get)
                .description("RadSec connections open, TLS handshake included")
                .register(registry);
    }

    /** The open-connection count the listener keeps (it enforces the total limit with it). */
    AtomicInteger open() {
        return open;
    }

    void connection(String outcome) {
        registry.counter("zeropin.radsec.connections", "outcome", outcome).increment();
    }

    void handshakeFailed(String reason) {
        registry.counter("zeropin.radsec.handshakes.failed", "reason", reason).increment();
    }

    void closed(String reason) {
        registry.counter("zeropin.radsec.closed", "reason", reason).increment();
    }

    void packet(String direction) {
        registry.counter("zeropin.radsec.packets", "direction", direction).increment();
    }
}
