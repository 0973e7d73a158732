package dev.zeropin.gateway.radius;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's meters, per RADIUS client ({@code nas}, {@code unknown} for unknown sources):
 * {@code zeropin_radius_accepted_total}, {@code zeropin_radius_rejected_total{reason}},
 * {@code zeropin_radius_dropped_total{reason}},
 * {@code zeropin_radius_message_authenticator_missing_total},
 * {@code zeropin_radius_latency_seconds} (histogram, by result),
 * {@code zeropin_radius_otp_unavailable_total{cause}}, {@code zeropin_radius_duplicates_total{outcome}},
 * {@code zeropin_radius_status_server_total}, {@code zeropin_radius_accounting_total}.
 */
@ApplicationScoped
public class RadiusMetrics {

    static final String UNKNOWN = "unknown";

    private final MeterRegistry registry;
    private final Map<String, Timer> latencies = new ConcurrentHashMap<>();

    public RadiusMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void accepted(String nas, String method, long nanos) {
        registry.counter("zeropin.radius.accepted", "nas", nas, "method", method)
                .increment();
        latency(nas, "accept", nanos);
    }

    void rejected(String nas, String method, String reason, long nanos) {
        registry.counter("zeropin.radius.rejected", "nas", nas, "method", method, "reason", reason)
                .increment();
        latency(nas, "reject", nanos);
    }

    void dropped(String nas, DropReason reason) {
        registry.counter("zeropin.radius.dropped", "nas", nas, "reason", reason.tag())
                .increment();
    }

    void messageAuthenticatorMissing(String nas) {
        registry.counter("zeropin.radius.message.authenticator.missing", "nas", nas)
                .increment();
    }

    void otpUnavailable(String nas, String cause) {
        registry.counter("zeropin.radius.otp.unavailable", "nas", nas, "cause", cause)
                .increment();
    }

    void duplicate(String nas, String outcome) {
        registry.counter("zeropin.radius.duplicates", "nas", nas, "outcome", outcome)
                .increment();
    }

    void statusServer(String nas) {
        registry.counter("zeropin.radius.status.server", "nas", nas).increment();
    }

    void accounting(String nas, String outcome) {
        registry.counter("zeropin.radius.accounting", "nas", nas, "outcome", outcome)
                .increment();
    }

    void errors() {
        registry.counter("zeropin.radius.errors").increment();
    }

    private void latency(String nas, String result, long nanos) {
        // Built once per (nas, result): a Timer with a percentile histogram is costly to build, and
        // every answer records one.
        latencies
                .computeIfAbsent(
                        nas + '\n' + result,
                        key -> Timer.builder("zeropin.radius.latency")
                                .description("Time from an Access-Request to its answer")
                                .tags("nas", nas, "result", result)
                                .publishPercentileHistogram()
                                .minimumExpectedValue(Duration.ofMillis(1))
                                .maximumExpectedValue(Duration.ofSeconds(5))
                                .register(registry))
                .record(Duration.ofNanos(nanos));
    }
}
