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
import dev.zeropin.internal.otp.AuthMethod;
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
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
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

    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * The longest MS-CHAP-Error text: a Microsoft sub-attribute holds at most 247 octets (255 less
     * the Vendor-Specific header, the vendor id and its own header), one of which is the identifier.
     */
    private static final int MAX_MS_CHAP_ERROR_TEXT = 246;

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
        boolean pap = !packet.attributes(RadiusDictionary.USER_PASSWORD).isEmpty();
        boolean chap = !packet.attributes(RadiusDictionary.CHAP_PASSWORD).isEmpty();
        List<byte[]> msChapResponses =
                packet.vendorValues(RadiusDictionary.MICROSOFT, RadiusDictionary.MS_CHAP2_RESPONSE);
        boolean msChap = !msChapResponses.isEmpty();
        boolean other = !packet.attributes(RadiusDictionary.EAP_MESSAGE).isEmpty()
                || !packet.attributes(RadiusDictionary.ARAP_PASSWORD).isEmpty();
        int kinds = (pap ? 1 : 0) + (chap ? 1 : 0) + (msChap ? 1 : 0) + (other ? 1 : 0);
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
            if (pap) {
                packet.userPassword(exchange.secret());
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
        String clientId = nas.clientId();
        NasSession session = session(exchange);
        VerifyRequest request;
        String method;
        byte msChapIdent = 0;
        if (pap) {
            method = "PAP";
            if (packet.attributes(RadiusDictionary.USER_PASSWORD).size() != 1) {
                throw new DroppedPacketException(DropReason.MALFORMED, "User-Password twice");
            }
            byte[] password = packet.userPassword(exchange.secret());
            if (password.length == 0) {
                reject(exchange, method, userName, "invalid_otp", null, null);
                return;
            }
            request = VerifyRequest.pap(clientId, userName, new String(password, StandardCharsets.UTF_8), session);
            Arrays.fill(password, (byte) 0);
        } else if (chap) {
            method = "CHAP";
            byte[] chapPassword = packet.value(RadiusDictionary.CHAP_PASSWORD)
                    .filter(value -> value.length == 17)
                    .orElseThrow(() -> new DroppedPacketException(DropReason.MALFORMED, "CHAP-Password"));
            List<org.tinyradius.core.attribute.type.RadiusAttribute> challenges =
                    packet.attributes(RadiusDictionary.CHAP_CHALLENGE);
            if (challenges.size() > 1) {
                throw new DroppedPacketException(DropReason.MALFORMED, "CHAP-Challenge twice");
            }
            byte[] challenge = challenges.isEmpty()
                    ? packet.authenticator()
                    : challenges.get(0).getValue();
            if (challenge.length == 0) {
                throw new DroppedPacketException(DropReason.MALFORMED, "CHAP-Challenge");
            }
            request = new VerifyRequest(
                    clientId,
                    userName,
                    AuthMethod.CHAP,
                    new Credential.Chap(chapPassword[0] & 0xFF, challenge, Arrays.copyOfRange(chapPassword, 1, 17)),
                    session);
        } else {
            method = "MSCHAPV2";
            List<byte[]> challenges =
                    packet.vendorValues(RadiusDictionary.MICROSOFT, RadiusDictionary.MS_CHAP_CHALLENGE);
            if (msChapResponses.size() != 1
                    || msChapResponses.get(0).length != 50
                    || challenges.size() != 1
                    || challenges.get(0).length != 16) {
                throw new DroppedPacketException(DropReason.MALFORMED, "MS-CHAP2-Response or MS-CHAP-Challenge");
            }
            byte[] response = msChapResponses.get(0);
            msChapIdent = response[0];
            request = new VerifyRequest(
                    clientId,
                    userName,
                    AuthMethod.MSCHAPV2,
                    new Credential.MsChapV2(
                            challenges.get(0),
                            Arrays.copyOfRange(response, 2, 18),
                            Arrays.copyOfRange(response, 26, 50),
                            userName),
                    session);
        }
        byte ident = msChapIdent;
        otp.verify(request)
                .subscribe()
                .with(
                        outcome -> onEventLoop(exchange, () -> decided(exchange, method, userName, ident, outcome)),
                        failure -> onEventLoop(
                                exchange, () -> decided(exchange, method, userName, ident, new Unavailable("error"))));
    }

    private void decided(Exchange exchange, String method, String userName, byte ident, Outcome outcome) {
        try {
            if (outcome instanceof Decided decided) {
                VerifyAnswer answer = decided.answer();
                if (answer.accepted()) {
                    accept(exchange, method, userName, ident, answer);
                } else {
                    reject(
                            exchange,
                            method,
                            userName,
                            answer.reason() == null
                                    ? "rejected"
                                    : answer.reason().code(),
                            answer.replyMessage(),
                            "MSCHAPV2".equals(method) ? ident : null);
                }
                return;
            }
            String cause = ((Unavailable) outcome).cause();
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
                    "MSCHAPV2".equals(method) ? ident : null);
        } catch (RuntimeException e) {
            answerFailed(exchange, e);
        }
    }

    private void answerFailed(Exchange exchange, RuntimeException e) {
        metrics.errors();
        cache.forget(exchange.key());
        log.warn("internal", "an answer could not be built (%s)", e.getClass().getSimpleName());
    }

    private void accept(Exchange exchange, String method, String userName, byte ident, VerifyAnswer answer) {
        ResponseBuilder response = new ResponseBuilder(
                        InboundPacket.ACCESS_ACCEPT, exchange.packet(), exchange.secret())
                .replyMessage(answer.replyMessage());
        if ("MSCHAPV2".equals(method)) {
            VerifyAnswer.MsChapV2Success msChapV2 = answer.msChapV2();
            if (msChapV2 == null
                    || msChapV2.authenticatorResponse() == null
                    || msChapV2.mppeSendKey() == null
                    || msChapV2.mppeRecvKey() == null) {
                reject(exchange, method, userName, "incomplete_answer", answer.replyMessage(), ident);
                return;
            }
            byte[] success = concat(ident, msChapV2.authenticatorResponse().getBytes(StandardCharsets.US_ASCII));
            response.microsoft(RadiusDictionary.MS_CHAP2_SUCCESS, success);
            mppeKeys(response, msChapV2.mppeSendKey(), msChapV2.mppeRecvKey());
        }
        accepted(exchange, method, userName, response);
    }

    /** MS-MPPE-Send-Key and -Recv-Key (RFC 2548, encrypted), and the encryption policy and types. */
    private static void mppeKeys(ResponseBuilder response, byte[] mppeSendKey, byte[] mppeRecvKey) {
        byte[] sendKey = mppeSendKey.clone();
        byte[] recvKey = mppeRecvKey.clone();
        response.mppeKey(RadiusDictionary.MS_MPPE_SEND_KEY, sendKey, (byte) 0)
                .mppeKey(RadiusDictionary.MS_MPPE_RECV_KEY, recvKey, (byte) 1)
                .microsoft(RadiusDictionary.MS_MPPE_ENCRYPTION_POLICY, integer(1))
                .microsoft(RadiusDictionary.MS_MPPE_ENCRYPTION_TYPES, integer(6));
        Arrays.fill(sendKey, (byte) 0);
        Arrays.fill(recvKey, (byte) 0);
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
                    mppeKeys(response, accept.sendKey(), accept.recvKey());
                }
                accepted(exchange, accept.method(), userName, response);
            } else if (step instanceof EapStep.Reject reject) {
                reject(exchange, reject.method(), userName, reject.reason(), reject.replyMessage(), null);
            } else if (step instanceof EapStep.Unavailable unavailable) {
                decided(exchange, unavailable.method(), userName, (byte) 0, new Unavailable(unavailable.cause()));
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
            String error = "E=691 R=0 C=" + HEX.formatHex(randomBytes(16)).toUpperCase(java.util.Locale.ROOT)
                    + " V=3 M="
                    + asciiOnly(
                            replyMessage == null || replyMessage.isEmpty() ? "Authentication failed" : replyMessage);
            // A long Reply-Message would not fit in one attribute: the message is cut, the reject still sent.
            if (error.length() > MAX_MS_CHAP_ERROR_TEXT) {
                error = error.substring(0, MAX_MS_CHAP_ERROR_TEXT);
            }
            response.microsoft(
                    RadiusDictionary.MS_CHAP_ERROR, concat(msChapIdent, error.getBytes(StandardCharsets.US_ASCII)));
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

    private static byte[] integer(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    private static byte[] concat(byte first, byte[] rest) {
        byte[] out = new byte[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String asciiOnly(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 200));
        for (int i = 0; i < text.length() && out.length() < 200; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return out.toString();
    }

    private static String normalised(String userName) {
        return UserIds.normalise(userName).orElse(userName);
    }

    /** Retransmission cache size, for tests. */
    int cachedRequests() {
        return cache.size();
    }
}
