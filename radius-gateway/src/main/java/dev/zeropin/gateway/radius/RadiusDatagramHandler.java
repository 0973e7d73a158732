package dev.zeropin.gateway.radius;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Receives every datagram of the RADIUS ports. Until a NAS client is configured and a packet is
 * valid for it, a packet is dropped without an answer, counted, and logged at a limited rate;
 * nothing a peer sends can close the listener.
 */
@ApplicationScoped
@ChannelHandler.Sharable
public class RadiusDatagramHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private final MeterRegistry registry;
    private final RateLimitedLog log = new RateLimitedLog(10_000);

    public RadiusDatagramHandler(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, DatagramPacket packet) {
        drop(packet, "unknown_client");
    }

    private void drop(DatagramPacket packet, String reason) {
        registry.counter("zeropin.radius.dropped", "nas", "unknown", "reason", reason)
                .increment();
        log.warn(
                reason,
                "dropped a RADIUS packet from %s: %s",
                packet.sender().getAddress().getHostAddress(),
                reason);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        registry.counter("zeropin.radius.errors").increment();
        log.warn("pipeline_error", "RADIUS listener kept serving after an error: %s", cause.toString());
    }
}
