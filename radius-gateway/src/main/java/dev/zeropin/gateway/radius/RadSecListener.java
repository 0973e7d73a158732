package dev.zeropin.gateway.radius;

import dev.zeropin.gateway.config.GatewayConfig;
import dev.zeropin.gateway.service.NasClientRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.timeout.IdleStateHandler;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * RADIUS over TLS (RadSec, RFC 6614) on one TCP port, on Vert.x's Netty event loops like the UDP
 * ports. Mutual TLS 1.2 or 1.3: the gateway presents its certificate, and a NAS must present one
 * that chains to the configured CA; the connection then belongs to the RADIUS client whose range
 * holds its address and whose RadSec identity (subject or subjectAltName) the certificate matches.
 * Limits: connections in total and per client, requests in flight per connection, a handshake
 * deadline and an idle timeout. Nothing a peer sends closes more than its own connection.
 */
@ApplicationScoped
public class RadSecListener {

    private final Vertx vertx;
    private final GatewayConfig config;
    private final RadiusServer server;
    private final NasClientRegistry clients;
    private final RadSecMetrics metrics;
    private final Map<String, AtomicInteger> perClient = new ConcurrentHashMap<>();
    private volatile Channel channel;

    public RadSecListener(
            Vertx vertx, GatewayConfig config, RadiusServer server, NasClientRegistry clients, RadSecMetrics metrics) {
        this.vertx = vertx;
        this.config = config;
        this.server = server;
        this.clients = clients;
        this.metrics = metrics;
    }

    /**
     * Runs after the other start-up observers (reading the certificates and making the TLS context
     * takes a moment): the Kafka topics are created first, so that the start-up events of the
     * gateway are not held up behind it.
     */
    void onStart(@Observes @Priority(3000) StartupEvent event) {
        GatewayConfig.RadSec radsec = config.radsec();
        if (!radsec.enabled()) {
            return;
        }
        SslContext tls = tlsContext(radsec);
        String address = radsec.bindAddress().orElse(config.radius().bindAddress());
        RateLimitedLog log =
                new RateLimitedLog(config.radius().dropLogInterval().toMillis());
        // An answer takes at most the verification budget; a request unanswered after it (dropped,
        // or silence on purpose) no longer counts against the connection's limit.
        long slotTimeout = config.otp().deadline().toMillis() + 1000;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(vertx.nettyEventLoopGroup())
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 128)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel connection) {
                        AtomicInteger open = metrics.open();
                        if (open.incrementAndGet() > radsec.maxConnections()) {
                            open.decrementAndGet();
                            metrics.connection("refused_total_limit");
                            log.warn(
                                    "radsec_total_limit",
                                    "RadSec connection refused: %d connections are open",
                                    radsec.maxConnections());
                            connection.close();
                            return;
                        }
                        connection.closeFuture().addListener(closed -> open.decrementAndGet());
                        SslHandler ssl = tls.newHandler(connection.alloc());
                        ssl.setHandshakeTimeoutMillis(radsec.handshakeTimeout().toMillis());
                        connection
                                .pipeline()
                                .addLast("tls", ssl)
                                .addLast(
                                        "idle",
                                        new IdleStateHandler(
                                                0, 0, radsec.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
                                .addLast("framing", new RadSecFraming(() -> metrics.closed("malformed_length")))
                                .addLast(
                                        "radius",
                                        new RadSecConnection(
                                                server,
                                                clients,
                                                metrics,
                                                perClient,
                                                radsec.maxConnectionsPerClient(),
                                                radsec.maxInFlightPerConnection(),
                                                slotTimeout,
                                                log));
                    }
                });
        ChannelFuture bound =
                bootstrap.bind(new InetSocketAddress(address, radsec.port())).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            Throwable cause = bound.cause();
            String why = cause instanceof BindException ? "the port is in use or not permitted" : String.valueOf(cause);
            throw new IllegalStateException(
                    "cannot listen for RadSec on TCP " + address + ":" + radsec.port() + " (" + why
                            + "); set gateway.radsec.port to a free port",
                    cause);
        }
        channel = bound.channel();
        Log.infof("RadSec (RADIUS over TLS) listening on %s", channel.localAddress());
    }

    /**
     * The server's TLS context: its certificate and key, the NAS CA as the only trust anchor, a
     * client certificate required, TLS 1.2 and 1.3 only, the JDK's TLS (no native library).
     *
     * @throws IllegalStateException naming the setting that is missing or the file that cannot be used
     */
    static SslContext tlsContext(GatewayConfig.RadSec radsec) {
        Path certificate = required(radsec.certificateFile(), "certificate-file");
        Path key = required(radsec.keyFile(), "key-file");
        Path ca = required(radsec.caFile(), "ca-file");
        try {
            return SslContextBuilder.forServer(certificate.toFile(), key.toFile())
                    .trustManager(ca.toFile())
                    .clientAuth(ClientAuth.REQUIRE)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .sslProvider(SslProvider.JDK)
                    .build();
        } catch (Exception e) {
            // The message of a PEM parser may quote the file: only the kind of failure is reported.
            throw new IllegalStateException(
                    "RadSec certificate, key or CA file cannot be used ("
                            + e.getClass().getSimpleName()
                            + "); check gateway.radsec.certificate-file, key-file and ca-file",
                    e);
        }
    }

    private static Path required(Optional<Path> file, String property) {
        Path path = file.orElseThrow(
                () -> new IllegalStateException("RadSec is enabled but gateway.radsec." + property + " is not set"));
        if (!Files.isReadable(path)) {
            throw new IllegalStateException("RadSec: gateway.radsec." + property + " " + path + " cannot be read");
        }
        return path;
    }

    void onStop(@Observes ShutdownEvent event) {
        Channel bound = channel;
        if (bound != null) {
            bound.close().awaitUninterruptibly();
        }
    }

    /** True when RadSec is off, or its port is open. */
    public boolean isListeningIfEnabled() {
        Channel bound = channel;
        return !config.radsec().enabled() || (bound != null && bound.isActive());
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }
}
