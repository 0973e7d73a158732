package dev.zeropin.gateway.radius;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;

/**
 * The Netty handler of one RADIUS port: copies each datagram out of Netty's buffer and hands it to
 * {@link RadiusServer}. Whatever happens, the channel stays open.
 */
@ChannelHandler.Sharable
public class RadiusDatagramHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private final RadiusServer server;
    private final RadiusMetrics metrics;
    private final boolean accountingPort;
    private final RateLimitedLog log = new RateLimitedLog(10_000);

    public RadiusDatagramHandler(RadiusServer server, RadiusMetrics metrics, boolean accountingPort) {
        this.server = server;
        this.metrics = metrics;
        this.accountingPort = accountingPort;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, DatagramPacket packet) {
        byte[] datagram = ByteBufUtil.getBytes(packet.content());
        server.receive(context.channel(), packet.sender(), datagram, accountingPort);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        metrics.errors();
        log.warn(
                "pipeline_error",
                "RADIUS listener kept serving after an error: %s",
                cause.getClass().getSimpleName());
    }
}
