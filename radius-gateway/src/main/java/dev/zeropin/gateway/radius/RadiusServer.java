package dev.zeropin.gateway.radius;

import dev.zeropin.events.RadiusEvents.AccessAccepted;
import dev.zeropin.events.RadiusEvents.AccessRejected;
import dev.zeropin.events.RadiusEvents.AccountingReceived;
import dev.zeropin.events.UserIds;
import dev.zeropin.gateway.NasClient;
import dev.zeropin.gateway.client.OtpServiceClient;
import dev.zeropin.gateway.client.OtpServiceClient.Decided;
import dev.zeropin.gateway.client.OtpServiceClient.Outcome;
import dev.zeropin.gateway.client.OtpServiceClient.Unavailable;
import dev.zeropin.gateway.config.GatewayConfig;
import dev.zeropin.gateway.eap.EapRequest;
import dev.zeropin.gateway.eap.EapServer;
import dev.zeropin.gateway.eap.EapStateSeal;
import dev.zeropin.gateway.eap.EapStep;
import dev.zeropin.gateway.messaging.RadiusEventPublisher;
import dev.zeropin.gateway.service.NasClientRegistry;
import dev.zeropin.internal.otp.Credential;
import dev.zeropin.internal.otp.NasSession;
import dev.zeropin.internal.otp.VerifyAnswer;
import dev.zeropin.internal.otp.VerifyRequest;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the gateway does with a datagram (or a packet of a RadSec connection): find its client by
 * source address (or certificate), check framing and
 * authenticity (BlastRADIUS rules), detect retransmissions, and answer: Access-Request through one
 * verification call to otp-service, Accounting-Request at once (its event is published behind it),
 * Status-Server at once. Anything else is dropped, counted and logged at a limited rate. Nothing in
 * a packet can stop the listener: every failure ends as a drop.
 */
@ApplicationScoped
public class RadiusServer {

    private final NasClientRegistry clients;
    private final OtpServiceClient otp;
    private final RadiusEventPublisher events;
    private final RadiusMetrics metrics;
    private final GatewayConfig config;
    private final DuplicateCache cache;
    private final EapServer eap;
    /** Reply-Message of a reject that neither otp-service nor the project worded. */
    static final String DEFAULT_REJECT_MESSAGE = "Login refused: the one-time password is wrong, used or expired";

    static final String UNSUPPORTED_METHOD_MESSAGE =
            "Login refused: this login method is not supported here (use PAP, CHAP, MS-CHAPv2, EAP-GTC or EAP-MSCHAPv2)";
    static final String NO_USER_NAME_MESSAGE = "Login refused: no user name";
    private static final byte EAP_FAILURE = 4;

    private final RateLimitedLog log;

    @Inject
    public RadiusServer(
            NasClientRegistry clients,
            OtpServiceClient otp,
            RadiusEventPublisher events,
            RadiusMetrics metrics,
            GatewayConfig config,
            EapServer eap) {
        this.clients = clients;
        this.eap = eap;
        this.otp = otp;
        this.events = events;
        this.metrics = metrics;
        this.config = config;
        this.cache = new DuplicateCache(
                config.radius().duplicateCacheSize(), config.radius().duplicateCacheTtl());
        this.log = new RateLimitedLog(config.radius().dropLogInterval().toMillis());
    }

    /**
     * For tests and tools that build the server by hand (the fuzz tests): EAP States are sealed
     * under a key of this process only, so no other replica could continue them.
     */
    public RadiusServer(
            NasClientRegistry clients,
            OtpServiceClient otp,
            RadiusEventPublisher events,
            RadiusMetrics metrics,
            GatewayConfig config) {
        this(clients, otp, events, metrics, config, new EapServer(otp, EapStateSeal.ofThisProcessOnly(config), config));
    }

    /** Where a packet arrived: the UDP authentication or accounting port, or a RadSec connection (both). */
    private enum Port {
        AUTHENTICATION,
        ACCOUNTING,
        RADSEC
    }

    /** Handles one datagram received on the authentication or the accounting port. */
    public void receive(Channel channel, InetSocketAddress sender, byte[] datagram, boolean accountingPort) {
        long start = System.nanoTime();
        Optional<NasClient> found = clients.find(sender.getAddress());
        if (found.isEmpty()) {
            drop(null, sender, DropReason.UNKNOWN_CLIENT);
            return;
        }
        handle(channel, sender, found.get(), datagram, accountingPort ? Port.ACCOUNTING : Port.AUTHENTICATION, start);
    }

    /**
     * Handles one packet of a RadSec connection (RFC 6614), whose NAS its certificate identified:
     * {@code nas} carries the secret {@code radsec}; the connection carries authentication,
     * accounting and Status-Server alike, and the answer goes back on it.
     */
    public void receiveRadSec(Channel connection, InetSocketAddress peer, NasClient nas, byte[] packet) {
        handle(connection, peer, nas, packet, Port.RADSEC, System.nanoTime());
    }

    private void handle(
            Channel channel, InetSocketAddress sender, NasClient nas, byte[] datagram, Port port, long start) {
        try {
            InboundPacket packet = InboundPacket.read(datagram);
            int code = packet.code();
            boolean wrongPort = (code == InboundPacket.ACCESS_REQUEST && port == Port.ACCOUNTING)
                    || (code == InboundPacket.ACCOUNTING_REQUEST && port == Port.AUTHENTICATION);
            if (wrongPort) {
                throw new DroppedPacketException(DropReason.UNKNOWN_CODE, "wrong port");
            }
            byte[] secret = authenticate(nas, packet);
            if (code == InboundPacket.STATUS_SERVER) {
                metrics.statusServer(nas.name());
                // RFC 5997 §3: Access-Accept on an authentication port (RadSec carries both).
                int answer = port == Port.ACCOUNTING ? InboundPacket.ACCOUNTING_RESPONSE : InboundPacket.ACCESS_ACCEPT;
                send(channel, sender, new ResponseBuilder(answer, packet, secret).build(), port);
                return;
            }
            DuplicateCache.Lookup lookup = cache.begin(sender, packet, start);
            if (lookup instanceof DuplicateCache.InProgress) {
                metrics.duplicate(nas.name(), "in_progress");
                drop(nas, sender, DropReason.DUPLICATE_IN_PROGRESS);
                return;
            }
            if (lookup instanceof DuplicateCache.Answered answered) {
                metrics.duplicate(nas.name(), "answered");
                if (answered.answer() != null) {
                    send(channel, sender, answered.answer(), port);
                }
                return;
            }
            DuplicateCache.Key key = ((DuplicateCache.New) lookup).key();
            try {
                if (code == InboundPacket.ACCESS_REQUEST) {
                    access(new Exchange(channel, sender, nas, packet, secret, key, start, port));
                } else {
                    accounting(new Exchange(channel, sender, nas, packet, secret, key, start, port));
                }
            } catch (DroppedPacketException | RuntimeException e) {
                cache.forget(key);
                throw e;
            }
        } catch (DroppedPacketException e) {
            drop(nas, sender, e.reason());
        } catch (RuntimeException e) {
            metrics.errors();
            drop(nas, sender, DropReason.MALFORMED);
            log.warn(
                    "internal",
                    "a RADIUS packet from %s could not be handled (%s)",
                    nas.name(),
                    e.getClass().getSimpleName());
        }
    }

    /** One request on its way: where it came from and what it needs for the answer. */
    private record Exchange(
            Channel channel,
            InetSocketAddress sender,
            NasClient nas,
            InboundPacket packet,
            byte[] secret,
            DuplicateCache.Key key,
            long startNanos,
            Port port) {}

    /**
     * Checks the packet's authenticity and returns the secret that it was made with (the current
     * one, or the previous one during a rotation).
     */
    private byte[] authenticate(NasClient nas, InboundPacket packet) throws DroppedPacketException {
        List<byte[]> secrets = nas.secretsAt(Instant.now());
        switch (packet.code()) {
            case InboundPacket.ACCOUNTING_REQUEST -> {
                byte[] secret = packet.secretOfAccountingAuthenticator(secrets)
                        .orElseThrow(() -> new DroppedPacketException(DropReason.BAD_AUTHENTICATOR, "accounting"));
                if (packet.hasMessageAuthenticator()
                        && packet.secretOfMessageAuthenticator(List.of(secret), new byte[16])
                                .isEmpty()) {
                    throw new DroppedPacketException(DropReason.BAD_MESSAGE_AUTHENTICATOR, "accounting");
                }
                return secret;
            }
            case InboundPacket.STATUS_SERVER -> {
                if (!packet.hasMessageAuthenticator()) {
                    metrics.messageAuthenticatorMissing(nas.name());
                    throw new DroppedPacketException(DropReason.MISSING_MESSAGE_AUTHENTICATOR, "status");
                }
                return packet.secretOfMessageAuthenticator(secrets, packet.authenticator())
                        .orElseThrow(() -> new DroppedPacketException(DropReason.BAD_MESSAGE_AUTHENTICATOR, "status"));
            }
            default -> {
                if (packet.hasMessageAuthenticator()) {
                    return packet.secretOfMessageAuthenticator(secrets, packet.authenticator())
                            .orElseThrow(
                                    () -> new DroppedPacketException(DropReason.BAD_MESSAGE_AUTHENTICATOR, "access"));
                }
                metrics.messageAuthenticatorMissing(nas.name());
                if (nas.requireMessageAuthenticator()) {
                    throw new DroppedPacketException(DropReason.MISSING_MESSAGE_AUTHENTICATOR, "access");
                }
                if (!packet.attributes(RadiusDictionary.PROXY_STATE).isEmpty()) {
                    throw new DroppedPacketException(DropReason.PROXY_STATE_WITHOUT_MESSAGE_AUTHENTICATOR, "access");
                }
                // A legacy client: nothing proves the packet; a wrong secret only garbles the password.
                return nas.secret();
            }
        }
    }

    private void access(Exchange exchange) throws DroppedPacketException {
        InboundPacket packet = exchange.packet();
        NasClient nas = exchange.nas();
        List<AccessMethod> present = AccessMethod.ALL.stream()
                .filter(method -> method.presentIn(packet))
                .toList();
        boolean other = !packet.attributes(RadiusDictionary.EAP_MESSAGE).isEmpty()
                || !packet.attributes(RadiusDictionary.ARAP_PASSWORD).isEmpty();
        int kinds = present.size() + (other ? 1 : 0);
        if (kinds > 1) {
            throw new DroppedPacketException(DropReason.MALFORMED, "more than one kind of credentials");
        }
        Optional<byte[]> userNameBytes = packet.value(RadiusDictionary.USER_NAME);
        String userName = userNameBytes
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .orElse(null);
        boolean eapMessage = !packet.attributes(RadiusDictionary.EAP_MESSAGE).isEmpty();
        if (eapMessage && !packet.hasMessageAuthenticator()) {
            // RFC 3579 §3.2: discarded, even from a legacy client.
            throw new DroppedPacketException(DropReason.MISSING_MESSAGE_AUTHENTICATOR, "EAP");
        }
        if (eapMessage && userName != null) {
            eap(exchange, userName);
            return;
        }
        if (userName == null || kinds == 0 || other) {
            String reason = userName == null ? "no_user_name" : "unsupported_method";
            // Checked like PAP would be, so that a malformed password still means a drop.
            if (present.size() == 1 && present.get(0) instanceof PapMethod pap) {
                pap.credential(packet, exchange.secret(), "");
            }
            reject(
                    exchange,
                    other ? "EAP" : "NONE",
                    userName,
                    reason,
                    userName == null ? NO_USER_NAME_MESSAGE : UNSUPPORTED_METHOD_MESSAGE,
                    null);
            return;
        }
        AccessMethod method = present.get(0);
        Optional<Credential> credential = method.credential(packet, exchange.secret(), userName);
        if (credential.isEmpty()) {
            reject(exchange, method.name(), userName, VerifyAnswer.Reason.INVALID_OTP.code(), null, null);
            return;
        }
        VerifyRequest request =
                new VerifyRequest(nas.clientId(), userName, method.authMethod(), credential.get(), session(exchange));
        otp.verify(request)
                .subscribe()
                .with(
                        outcome -> onEventLoop(exchange, () -> decided(exchange, method, userName, outcome)),
                        failure -> onEventLoop(
                                exchange, () -> decided(exchange, method, userName, new Unavailable("error"))));
    }

    private void decided(Exchange exchange, AccessMethod method, String userName, Outcome outcome) {
        try {
            Byte msChapIdent = method.msChapIdent(exchange.packet());
            if (outcome instanceof Decided decided) {
                VerifyAnswer answer = decided.answer();
                if (answer.accepted()) {
                    accept(exchange, method, userName, answer);
                } else {
                    reject(
                            exchange,
                            method.name(),
                            userName,
                            answer.reason() == null
                                    ? "rejected"
                                    : answer.reason().code(),
                            answer.replyMessage(),
                            msChapIdent);
                }
                return;
            }
            unavailable(exchange, method.name(), userName, ((Unavailable) outcome).cause(), msChapIdent);
        } catch (RuntimeException e) {
            answerFailed(exchange, e);
        }
    }

    /** otp-service could not decide (slow, absent or failing): a Reject or silence, as configured. */
    private void unavailable(Exchange exchange, String method, String userName, String cause, Byte msChapIdent) {
        NasClient nas = exchange.nas();
        metrics.otpUnavailable(nas.name(), cause);
        log.warn(
                "otp_" + cause,
                "otp-service could not verify a request of %s (%s); answering %s",
                nas.name(),
                cause,
                config.otp().onUnavailable().name().toLowerCase(java.util.Locale.ROOT));
        if (config.otp().onUnavailable() == GatewayConfig.Unavailable.SILENCE) {
            cache.complete(exchange.key(), null);
            drop(nas, exchange.sender(), DropReason.NO_ANSWER);
            return;
        }
        reject(
                exchange,
                method,
                userName,
                "otp_service_unavailable",
                config.otp().unavailableMessage(),
                msChapIdent);
    }

    private void answerFailed(Exchange exchange, RuntimeException e) {
        metrics.errors();
        cache.forget(exchange.key());
        log.warn("internal", "an answer could not be built (%s)", e.getClass().getSimpleName());
    }

    private void accept(Exchange exchange, AccessMethod method, String userName, VerifyAnswer answer) {
        ResponseBuilder response = new ResponseBuilder(
                        InboundPacket.ACCESS_ACCEPT, exchange.packet(), exchange.secret())
                .replyMessage(answer.replyMessage());
        if (!method.completeAccept(response, exchange.packet(), answer)) {
            reject(
                    exchange,
                    method.name(),
                    userName,
                    "incomplete_answer",
                    answer.replyMessage(),
                    method.msChapIdent(exchange.packet()));
            return;
        }
        accepted(exchange, method.name(), userName, response);
    }

    private void accepted(Exchange exchange, String method, String userName, ResponseBuilder response) {
        byte[] bytes = response.build();
        finish(exchange, bytes);
        long nanos = System.nanoTime() - exchange.startNanos();
        NasClient nas = exchange.nas();
        metrics.accepted(nas.name(), method, nanos);
        events.publish(new AccessAccepted(
                nas.name(),
                exchange.sender().getAddress().getHostAddress(),
                nas.clientId(),
                normalised(userName),
                method,
                TimeUnit.NANOSECONDS.toMicros(nanos)));
        Log.debugf("Access-Accept for %s from %s (%s)", userName, nas.name(), method);
    }

    /** EAP over RADIUS (RFC 3579): the conversation is {@link EapServer}'s; here only its RADIUS side. */
    private void eap(Exchange exchange, String userName) throws DroppedPacketException {
        InboundPacket packet = exchange.packet();
        List<org.tinyradius.core.attribute.type.RadiusAttribute> states = packet.attributes(RadiusDictionary.STATE);
        if (states.size() > 1) {
            throw new DroppedPacketException(DropReason.MALFORMED, "State twice");
        }
        EapRequest request = new EapRequest(
                exchange.nas().name(),
                exchange.nas().clientId(),
                userName,
                session(exchange),
                packet.attributes(RadiusDictionary.EAP_MESSAGE).stream()
                        .map(attribute -> attribute.getValue())
                        .toList(),
                states.isEmpty() ? null : states.get(0).getValue());
        eap.handle(request)
                .subscribe()
                .with(
                        step -> onEventLoop(exchange, () -> eapAnswered(exchange, userName, step)),
                        failure -> onEventLoop(
                                exchange,
                                () -> eapAnswered(
                                        exchange, userName, new EapStep.Unavailable(EapServer.EAP, "error"))));
    }

    private void eapAnswered(Exchange exchange, String userName, EapStep step) {
        try {
            if (step instanceof EapStep.Challenge challenge) {
                ResponseBuilder response = new ResponseBuilder(
                                InboundPacket.ACCESS_CHALLENGE, exchange.packet(), exchange.secret())
                        .eapMessage(challenge.request().bytes());
                if (challenge.state() != null) {
                    response.attribute(RadiusDictionary.STATE, challenge.state());
                }
                finish(exchange, response.build());
            } else if (step instanceof EapStep.Accept accept) {
                ResponseBuilder response = new ResponseBuilder(
                                InboundPacket.ACCESS_ACCEPT, exchange.packet(), exchange.secret())
                        .replyMessage(accept.replyMessage())
                        .eapMessage(accept.success().bytes());
                if (accept.sendKey() != null && accept.recvKey() != null) {
                    MsChapV2Method.mppeKeys(response, accept.sendKey(), accept.recvKey());
                }
                accepted(exchange, accept.method(), userName, response);
            } else if (step instanceof EapStep.Reject reject) {
                reject(exchange, reject.method(), userName, reject.reason(), reject.replyMessage(), null);
            } else if (step instanceof EapStep.Unavailable unavailable) {
                unavailable(exchange, unavailable.method(), userName, unavailable.cause(), null);
            } else {
                cache.forget(exchange.key());
                drop(exchange.nas(), exchange.sender(), DropReason.MALFORMED);
            }
        } catch (RuntimeException e) {
            answerFailed(exchange, e);
        }
    }

    private void reject(
            Exchange exchange, String method, String userName, String reason, String replyMessage, Byte msChapIdent) {
        // Every reject says why in words (RFC 2865 Reply-Message), and an EAP peer gets its EAP-Failure
        // (RFC 3579 §2.6.3), with the identifier of the EAP-Response it answers.
        ResponseBuilder response = new ResponseBuilder(
                        InboundPacket.ACCESS_REJECT, exchange.packet(), exchange.secret())
                .replyMessage(replyMessage == null || replyMessage.isEmpty() ? DEFAULT_REJECT_MESSAGE : replyMessage);
        exchange.packet().attributes(RadiusDictionary.EAP_MESSAGE).stream()
                .findFirst()
                .map(attribute -> attribute.getValue())
                .filter(eap -> eap.length >= 2)
                .ifPresent(eap -> response.eapMessage(new byte[] {EAP_FAILURE, eap[1], 0, 4}));
        if (msChapIdent != null && config.radius().msChapError()) {
            response.microsoft(RadiusDictionary.MS_CHAP_ERROR, MsChapV2Method.error(msChapIdent, replyMessage));
        }
        byte[] bytes = response.build();
        finish(exchange, bytes);
        long nanos = System.nanoTime() - exchange.startNanos();
        NasClient nas = exchange.nas();
        metrics.rejected(nas.name(), method, reason, nanos);
        events.publish(new AccessRejected(
                nas.name(),
                exchange.sender().getAddress().getHostAddress(),
                nas.clientId(),
                userName == null ? null : normalised(userName),
                method,
                reason,
                TimeUnit.NANOSECONDS.toMicros(nanos)));
        Log.debugf("Access-Reject for %s from %s (%s, %s)", userName, nas.name(), method, reason);
    }

    /**
     * Where an Access-Request came from, for otp-service's back-off and audit trail: the NAS by its
     * configured name and the packet's source address (the address that identified the client, not
     * the NAS-IP-Address it claims), the endpoint it reports (Calling-Station-Id) and its port.
     */
    private static NasSession session(Exchange exchange) {
        InboundPacket packet = exchange.packet();
        return new NasSession(
                exchange.nas().name(),
                exchange.sender().getAddress().getHostAddress(),
                text(packet, RadiusDictionary.CALLING_STATION_ID),
                unsigned(packet, RadiusDictionary.NAS_PORT, -1),
                text(packet, RadiusDictionary.NAS_PORT_ID));
    }

    private static String text(InboundPacket packet, int type) {
        return packet.value(type)
                .filter(value -> value.length > 0)
                .map(value -> new String(value, StandardCharsets.UTF_8))
                .orElse(null);
    }

    private void accounting(Exchange exchange) {
        InboundPacket packet = exchange.packet();
        NasClient nas = exchange.nas();
        AccountingReceived record = new AccountingReceived(
                nas.name(),
                exchange.sender().getAddress().getHostAddress(),
                packet.value(RadiusDictionary.USER_NAME)
                        .map(bytes -> normalised(new String(bytes, StandardCharsets.UTF_8)))
                        .orElse(null),
                statusType(packet),
                packet.value(RadiusDictionary.ACCT_SESSION_ID)
                        .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                        .orElse(null),
                unsigned(packet, RadiusDictionary.ACCT_SESSION_TIME, -1),
                unsigned(packet, RadiusDictionary.ACCT_INPUT_OCTETS, 52),
                unsigned(packet, RadiusDictionary.ACCT_OUTPUT_OCTETS, 53));
        // Answered at once: a NAS that gets no Accounting-Response may refuse its user after the Accept
        // (radiusplugin does), with the OTP already used, so Kafka being away must not silence it. The
        // publisher retries the record for its delivery timeout; one it gives up on is counted as lost.
        metrics.accounting(nas.name(), "answered");
        finish(exchange, new ResponseBuilder(InboundPacket.ACCOUNTING_RESPONSE, packet, exchange.secret()).build());
        events.publishAcknowledged(record).whenComplete((ignored, failure) -> {
            if (failure != null) {
                metrics.accounting(nas.name(), "lost");
                log.warn(
                        "accounting_lost",
                        "an Accounting-Request of %s was answered but its record could not be put on Kafka",
                        nas.name());
            } else {
                metrics.accounting(nas.name(), "published");
            }
        });
    }

    private void finish(Exchange exchange, byte[] answer) {
        cache.complete(exchange.key(), answer);
        send(exchange.channel(), exchange.sender(), answer, exchange.port());
    }

    private static void send(Channel channel, InetSocketAddress recipient, byte[] answer, Port port) {
        if (port == Port.RADSEC) {
            // The answer goes back on the connection the request came from.
            channel.writeAndFlush(Unpooled.wrappedBuffer(answer));
        } else {
            channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(answer), recipient));
        }
    }

    private void onEventLoop(Exchange exchange, Runnable work) {
        exchange.channel().eventLoop().execute(work);
    }

    private void drop(NasClient nas, InetSocketAddress sender, DropReason reason) {
        String name = nas == null ? RadiusMetrics.UNKNOWN : nas.name();
        String address = sender.getAddress().getHostAddress();
        metrics.dropped(name, reason);
        events.dropped(nas == null ? null : nas.name(), address, reason.tag());
        if (reason != DropReason.NO_ANSWER && reason != DropReason.DUPLICATE_IN_PROGRESS) {
            log.warn(reason.tag(), "dropped a RADIUS packet from %s (%s): %s", address, name, reason.tag());
        }
    }

    private static String statusType(InboundPacket packet) {
        return packet.value(RadiusDictionary.ACCT_STATUS_TYPE)
                .filter(value -> value.length == 4)
                .map(value -> switch (toInt(value)) {
                    case 1 -> "Start";
                    case 2 -> "Stop";
                    case 3 -> "Interim-Update";
                    case 7 -> "Accounting-On";
                    case 8 -> "Accounting-Off";
                    default -> Integer.toString(toInt(value));
                })
                .orElse(null);
    }

    private static Long unsigned(InboundPacket packet, int type, int gigawordsType) {
        Optional<byte[]> value = packet.value(type).filter(bytes -> bytes.length == 4);
        if (value.isEmpty()) {
            return null;
        }
        long result = Integer.toUnsignedLong(toInt(value.get()));
        if (gigawordsType > 0) {
            Optional<byte[]> high = packet.value(gigawordsType).filter(bytes -> bytes.length == 4);
            if (high.isPresent()) {
                result += Integer.toUnsignedLong(toInt(high.get())) << 32;
            }
        }
        return result;
    }

    private static int toInt(byte[] value) {
        return ((value[0] & 0xFF) << 24) | ((value[1] & 0xFF) << 16) | ((value[2] & 0xFF) << 8) | (value[3] & 0xFF);
    }

    private static String normalised(String userName) {
        return UserIds.normalise(userName).orElse(userName);
    }

    /** Retransmission cache size, for tests. */
    int cachedRequests() {
        return cache.size();
    }
}
