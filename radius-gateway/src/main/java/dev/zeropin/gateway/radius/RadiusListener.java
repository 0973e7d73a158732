package dev.zeropin.gateway.radius;

import dev.zeropin.gateway.config.GatewayConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.BindException;
import java.net.InetSocketAddress;

/**
 * Binds the RADIUS UDP ports at start-up on Vert.x's Netty event loops. A port that cannot be
 * bound (in use, not permitted) stops the start-up with a message that names it.
 */
@ApplicationScoped
public class RadiusListener {

    /** RFC 2865 §3: the maximum length of a RADIUS packet. */
    static final int MAX_DATAGRAM = 4096;

    private final Vertx vertx;
    private final GatewayConfig config;
    private final RadiusServer server;
    private final RadiusMetrics metrics;
    private volatile Channel authChannel;
    private volatile Channel acctChannel;

    public RadiusListener(Vertx vertx, GatewayConfig config, RadiusServer server, RadiusMetrics metrics) {
        this.vertx = vertx;
        this.config = config;
        this.server = server;
        this.metrics = metrics;
    }

    void onStart(@Observes @Priority(100) StartupEvent event) {
        GatewayConfig.Radius radius = config.radius();
        authChannel = bind(
                vertx.nettyEventLoopGroup(),
                new RadiusDatagramHandler(server, metrics, false),
                "authentication",
                radius.bindAddress(),
                radius.authPort());
        acctChannel = bind(
                vertx.nettyEventLoopGroup(),
                new RadiusDatagramHandler(server, metrics, true),
                "accounting",
                radius.bindAddress(),
                radius.acctPort());
        Log.infof(
                "RADIUS listening on %s (authentication) and %s (accounting)",
                authChannel.localAddress(), acctChannel.localAddress());
    }

    /**
     * Binds one UDP port.
     *
     * @throws IllegalStateException naming the port and the setting to change when it cannot be bound
     */
    static Channel bind(EventLoopGroup group, ChannelHandler handler, String purpose, String address, int port) {
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioDatagramChannel.class)
                // One byte more than the largest legal packet, so that oversized packets are detected.
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM + 1))
                .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                .handler(handler);
        ChannelFuture bound =
                bootstrap.bind(new InetSocketAddress(address, port)).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            Throwable cause = bound.cause();
            String why = cause instanceof BindException ? "the port is in use or not permitted" : String.valueOf(cause);
            throw new IllegalStateException(
                    "cannot listen for RADIUS " + purpose + " on UDP " + address + ":" + port + " (" + why
                            + "); set gateway.radius." + (purpose.equals("accounting") ? "acct" : "auth")
                            + "-port to a free port",
                    cause);
        }
        return bound.channel();
    }

    void onStop(@Observes ShutdownEvent event) {
        for (Channel channel : new Channel[] {authChannel, acctChannel}) {
            if (channel != null) {
                channel.close().awaitUninterruptibly();
            }
        }
    }

    /** True while both UDP ports are open. */
    public boolean isListening() {
        Channel auth = authChannel;
        Channel acct = acctChannel;
        return auth != null && auth.isActive() && acct != null && acct.isActive();
    }

    /** The bound authentication port (useful when configured as 0). */
    public int authPort() {
        return ((InetSocketAddress) authChannel.localAddress()).getPort();
    }

    /** The bound accounting port (useful when configured as 0). */
    public int acctPort() {
        return ((InetSocketAddress) acctChannel.localAddress()).getPort();
    }
}
