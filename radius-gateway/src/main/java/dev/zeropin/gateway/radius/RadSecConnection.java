package dev.zeropin.gateway.radius;

import dev.zeropin.gateway.NasClient;
import dev.zeropin.gateway.service.NasClientRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * One RadSec connection, after its TLS handshake: recognises the NAS by its certificate (already
 * validated against the CA by the TLS layer) and its source address, then hands each packet to
 * {@link RadiusServer} as if it had come over UDP from that NAS with the secret {@code radsec}, and
 * keeps the number of requests being answered at once within the limit (beyond it, the connection
 * is not read until an answer leaves). Every failure closes this connection only.
 */
final class RadSecConnection extends ChannelDuplexHandler {

    /** More waiting packets than RADIUS identifiers on one connection: the peer is not a RADIUS client. */
    private static final int MAX_WAITING = 256;

    private final RadiusServer server;
    private final NasClientRegistry clients;
    private final RadSecMetrics metrics;
    private final Map<String, AtomicInteger> perClient;
    private final int maxPerClient;
    private final int maxInFlight;
    private final long slotTimeoutMillis;
    private final RateLimitedLog log;

    private NasClient nas;
    private InetSocketAddress peer;
    /** Requests being answered, by identifier, with a token so that a slot is released once. */
    private final Map<Integer, Long> inFlight = new HashMap<>();

    private final ArrayDeque<byte[]> waiting = new ArrayDeque<>();
    private long nextToken;

    RadSecConnection(
            RadiusServer server,
            NasClientRegistry clients,
            RadSecMetrics metrics,
            Map<String, AtomicInteger> perClient,
            int maxPerClient,
            int maxInFlight,
            long slotTimeoutMillis,
            RateLimitedLog log) {
        this.server = server;
        this.clients = clients;
        this.metrics = metrics;
        this.perClient = perClient;
        this.maxPerClient = maxPerClient;
        this.maxInFlight = maxInFlight;
        this.slotTimeoutMillis = slotTimeoutMillis;
        this.log = log;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                identify(context);
            } else {
                String reason = reason(handshake.cause());
                metrics.handshakeFailed(reason);
                log.warn("radsec_" + reason, "RadSec handshake from %s failed: %s", address(context), reason);
                context.close();
            }
            return;
        }
        if (event instanceof IdleStateEvent) {
            metrics.closed("idle");
            context.close();
            return;
        }
        super.userEventTriggered(context, event);
    }

    private void identify(ChannelHandlerContext context) {
        peer = (InetSocketAddress) context.channel().remoteAddress();
        X509Certificate certificate;
        try {
            Certificate[] chain = context.pipeline()
                    .get(SslHandler.class)
                    .engine()
                    .getSession()
                    .getPeerCertificates();
            certificate = (X509Certificate) chain[0];
        } catch (SSLPeerUnverifiedException | RuntimeException e) {
            refuse(context, "no_certificate");
            return;
        }
        NasClient found = clients.findRadSec(peer.getAddress(), certificate).orElse(null);
        if (found == null) {
            refuse(context, "unknown_client");
            return;
        }
        AtomicInteger count = perClient.computeIfAbsent(found.name(), name -> new AtomicInteger());
        if (count.incrementAndGet() > maxPerClient) {
            count.decrementAndGet();
            metrics.connection("refused_client_limit");
            log.warn(
                    "radsec_client_limit",
                    "RadSec connection of %s refused: it has %d open already",
                    found.name(),
                    maxPerClient);
            context.close();
            return;
        }
        context.channel().closeFuture().addListener(closed -> count.decrementAndGet());
        nas = found.overRadSec();
        metrics.connection("accepted");
    }

    private void refuse(ChannelHandlerContext context, String reason) {
        metrics.handshakeFailed(reason);
        log.warn("radsec_" + reason, "RadSec connection from %s closed: %s", address(context), reason);
        context.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        byte[] packet = (byte[]) message;
        if (nas == null) {
            // Nothing before the NAS is known; the TLS layer never passes data that early.
            context.close();
            return;
        }
        metrics.packet("in");
        if (inFlight.size() >= maxInFlight) {
            if (waiting.size() >= MAX_WAITING) {
                metrics.closed("too_many_pending");
                context.close();
                return;
            }
            waiting.add(packet);
            context.channel().config().setAutoRead(false);
            return;
        }
        dispatch(context, packet);
    }

    private void dispatch(ChannelHandlerContext context, byte[] packet) {
        int identifier = packet[1] & 0xFF;
        if (!inFlight.containsKey(identifier)) {
            long token = nextToken++;
            inFlight.put(identifier, token);
            // A request that is never answered (dropped, or silence on purpose) frees its slot after
            // the longest time an answer can take.
            context.executor()
                    .schedule(() -> release(context, identifier, token), slotTimeoutMillis, TimeUnit.MILLISECONDS);
            if (inFlight.size() >= maxInFlight) {
                context.channel().config().setAutoRead(false);
            }
        }
        server.receiveRadSec(context.channel(), peer, nas, packet);
    }

    @Override
    public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) throws Exception {
        if (message instanceof ByteBuf answer && answer.readableBytes() >= 2) {
            metrics.packet("out");
            int identifier = answer.getUnsignedByte(answer.readerIndex() + 1);
            Long token = inFlight.get(identifier);
            if (token != null) {
                context.executor().execute(() -> release(context, identifier, token));
            }
        }
        super.write(context, message, promise);
    }

    private void release(ChannelHandlerContext context, int identifier, long token) {
        if (!inFlight.remove(identifier, token)) {
            return;
        }
        while (inFlight.size() < maxInFlight
                && !waiting.isEmpty()
                && context.channel().isActive()) {
            dispatch(context, waiting.poll());
        }
        if (inFlight.size() < maxInFlight && waiting.isEmpty()) {
            context.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (nas == null) {
            // Before the handshake ended: the completion event reports it (and closes).
            return;
        }
        metrics.closed("error");
        log.warn(
                "radsec_error",
                "RadSec connection of %s closed after an error: %s",
                nas.name(),
                cause.getClass().getSimpleName());
        context.close();
    }

    /** Why a handshake failed, as a metric tag. */
    static String reason(Throwable cause) {
        if (cause instanceof SslHandshakeTimeoutException) {
            return "timeout";
        }
        for (Throwable current = cause; current != null; current = current.getCause()) {
            if (current instanceof NotSslRecordException) {
                return "not_tls";
            }
            if (current instanceof CertPathValidatorException
                    || current instanceof CertificateException
                    || current.getClass().getName().endsWith("SunCertPathBuilderException")) {
                return "untrusted_certificate";
            }
            String message = String.valueOf(current.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (message.contains("empty client certificate chain")
                    || message.contains("null cert chain")
                    || message.contains("certificate_required")) {
                return "no_certificate";
            }
            if (message.contains("closed") && message.contains("handshake")) {
                return "closed";
            }
        }
        return "protocol";
    }

    private static String address(ChannelHandlerContext context) {
        return context.channel().remoteAddress() instanceof InetSocketAddress address
                ? address.getAddress().getHostAddress()
                : "?";
    }
}
