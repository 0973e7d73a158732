package dev.zeropin.gateway.eap;

import dev.zeropin.gateway.client.OtpServiceClient;
import dev.zeropin.gateway.client.OtpServiceClient.Decided;
import dev.zeropin.gateway.client.OtpServiceClient.Outcome;
import dev.zeropin.gateway.config.GatewayConfig;
import dev.zeropin.internal.otp.AuthMethod;
import dev.zeropin.internal.otp.Credential;
import dev.zeropin.internal.otp.VerifyAnswer;
import dev.zeropin.internal.otp.VerifyRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The authenticator's side of EAP over RADIUS (RFC 3748, RFC 3579), without TLS: EAP-Identity,
 * then the configured methods (EAP-GTC, EAP-MSCHAPv2) in order, a Nak moving to the next method
 * the peer asks for. Nothing is kept between rounds: the conversation travels sealed in the State
 * attribute ({@link EapStateSeal}), bounded by a lifetime and a number of rounds.
 */
@ApplicationScoped
public class EapServer {

    /** Label of a round that is not inside a method yet. */
    public static final String EAP = "EAP";

    static final String NO_COMMON_METHOD_MESSAGE = "Login refused: the VPN client and this server share no EAP method";
    static final String INVALID_EAP_MESSAGE = "Login refused: the EAP exchange of the VPN client was not understood";
    static final String INVALID_STATE_MESSAGE =
            "Login refused: the login took too long or was not recognised, try again";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final OtpServiceClient otp;
    private final EapStateSeal seal;
    private final GatewayConfig.Eap config;
    private final List<EapMethodHandler> methods;

    @Inject
    public EapServer(OtpServiceClient otp, EapStateSeal seal, GatewayConfig config) {
        this.otp = otp;
        this.seal = seal;
        this.config = config.eap();
        List<EapMethodHandler> configured = new ArrayList<>();
        for (GatewayConfig.EapMethod method : this.config.methods()) {
            EapMethodHandler handler = switch (method) {
                case GTC -> new EapGtc(this.config.gtcPrompt());
                case MSCHAPV2 -> new EapMsChapV2();
            };
            if (configured.stream().noneMatch(known -> known.type() == handler.type())) {
                configured.add(handler);
            }
        }
        if (configured.isEmpty()) {
            throw new IllegalStateException("gateway.eap.methods names no method");
        }
        this.methods = List.copyOf(configured);
    }

    /**
     * One round of a conversation within this Access-Request: where it is and what the method
     * classes may ask of the server.
     */
    final class Round {
        private final EapRequest request;

        Round(EapRequest request) {
            this.request = request;
        }

        EapRequest request() {
            return request;
        }

        /** Access-Challenge with {@code packet}, the conversation sealed; a reject past the last round. */
        EapStep challenge(String label, EapConversation next, EapPacket packet) {
            if (next.rounds() > config.maxRounds()) {
                return new EapStep.Reject(label, "eap_too_many_rounds", null);
            }
            return new EapStep.Challenge(label, packet, seal.seal(next, request.nasName(), request.userName()));
        }

        /** Asks otp-service; the answer mapped by {@code onDecided}, an unavailable one to {@link EapStep.Unavailable}. */
        Uni<EapStep> verify(
                String label, AuthMethod method, Credential credential, Function<VerifyAnswer, EapStep> onDecided) {
            VerifyRequest verify =
                    new VerifyRequest(request.clientId(), request.userName(), method, credential, request.session());
            return otp.verify(verify)
                    .map((Outcome outcome) -> outcome instanceof Decided decided
                            ? onDecided.apply(decided.answer())
                            : new EapStep.Unavailable(label, ((OtpServiceClient.Unavailable) outcome).cause()))
                    .onFailure()
                    .recoverWithItem(failure -> new EapStep.Unavailable(label, "error"));
        }

        /** Marks this round's State as used (final round); false when it was used before on this replica. */
        boolean consumeState(EapConversation conversation) {
            return seal.consume(request.state(), conversation.expiresAtSeconds());
        }
    }

    /** The answer to one round; never fails (a failure of otp-service becomes {@link EapStep.Unavailable}). */
    public Uni<EapStep> handle(EapRequest request) {
        EapPacket packet;
        try {
            if (request.eapMessages().stream().allMatch(value -> value.length == 0)) {
                // EAP-Start (RFC 3579 §2.1): the NAS asks the server to begin.
                return now(identityRequest(0));
            }
            packet = EapPacket.reassemble(request.eapMessages());
        } catch (IllegalArgumentException e) {
            return now(new EapStep.Malformed(EAP, e.getMessage()));
        }
        if (packet.code() != EapPacket.RESPONSE) {
            return now(new EapStep.Malformed(EAP, "an Access-Request carries an EAP Response"));
        }
        Round round = new Round(request);
        if (request.state() == null) {
            if (packet.type() != EapPacket.IDENTITY) {
                return now(new EapStep.Reject(EAP, "invalid_eap", EapServer.INVALID_EAP_MESSAGE));
            }
            long expires = seal.nowSeconds() + config.stateLifetime().toSeconds();
            EapConversation start = new EapConversation(0, 0, packet.identifier(), 0, 0, expires, new byte[0], null);
            return now(offer(round, start, methods.get(0), packet.identifier() + 1));
        }
        Optional<EapConversation> opened = seal.open(request.state(), request.nasName(), request.userName());
        if (opened.isEmpty()) {
            return now(new EapStep.Reject(EAP, "invalid_state", INVALID_STATE_MESSAGE));
        }
        EapConversation conversation = opened.get();
        Optional<EapMethodHandler> current = handler(conversation.method());
        String label = current.map(EapMethodHandler::label).orElse(EAP);
        if (packet.identifier() != conversation.identifier() || current.isEmpty()) {
            return now(new EapStep.Reject(label, "invalid_eap", EapServer.INVALID_EAP_MESSAGE));
        }
        if (packet.type() == EapPacket.NAK && conversation.stage() == EapConversation.METHOD_OFFERED) {
            return now(nak(round, conversation, packet));
        }
        if (packet.type() != conversation.method()) {
            return now(new EapStep.Reject(label, "invalid_eap", EapServer.INVALID_EAP_MESSAGE));
        }
        return current.get().respond(round, conversation, packet);
    }

    /** RFC 3748 §5.3.1: the first configured method not offered yet that the peer asks for, else failure. */
    private EapStep nak(Round round, EapConversation conversation, EapPacket nak) {
        for (EapMethodHandler method : methods) {
            if ((conversation.offered() & EapConversation.bit(method.type())) != 0) {
                continue;
            }
            for (byte desired : nak.data()) {
                if ((desired & 0xFF) == method.type()) {
                    return offer(round, conversation, method, nak.identifier() + 1);
                }
            }
        }
        return new EapStep.Reject(EAP, "unsupported_method", NO_COMMON_METHOD_MESSAGE);
    }

    private EapStep offer(Round round, EapConversation conversation, EapMethodHandler method, int identifier) {
        byte[] challenge = method.needsChallenge() ? random(16) : new byte[0];
        EapConversation next =
                conversation.next(method.type(), EapConversation.METHOD_OFFERED, identifier, challenge, null);
        EapPacket request = EapPacket.of(
                EapPacket.REQUEST, identifier, method.type(), method.firstRequest(identifier & 0xFF, challenge));
        return round.challenge(method.label(), next, request);
    }

    /** An EAP-Request/Identity without State: the conversation begins with the peer's answer. */
    private static EapStep identityRequest(int identifier) {
        return new EapStep.Challenge(
                EAP, EapPacket.of(EapPacket.REQUEST, identifier, EapPacket.IDENTITY, new byte[0]), null);
    }

    private Optional<EapMethodHandler> handler(int type) {
        return methods.stream().filter(method -> method.type() == type).findFirst();
    }

    private static Uni<EapStep> now(EapStep step) {
        return Uni.createFrom().item(step);
    }

    static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
