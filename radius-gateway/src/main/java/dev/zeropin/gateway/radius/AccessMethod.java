package dev.zeropin.gateway.radius;

import dev.zeropin.internal.otp.AuthMethod;
import dev.zeropin.internal.otp.Credential;
import dev.zeropin.internal.otp.VerifyAnswer;
import java.util.List;
import java.util.Optional;

/**
 * A single-round authentication method of an Access-Request, one class each as FreeRADIUS keeps
 * {@code rlm_pap}, {@code rlm_chap} and {@code rlm_mschap}: what the method reads from the request
 * and what it adds to the answer. {@link RadiusServer} picks the one whose credentials the request
 * carries and asks otp-service; EAP, which takes several rounds, is {@code EapServer}'s.
 */
sealed interface AccessMethod permits PapMethod, ChapMethod, MsChapV2Method {

    /** The methods in the order they are looked for. */
    List<AccessMethod> ALL = List.of(new PapMethod(), new ChapMethod(), new MsChapV2Method());

    /** The method's name in metrics, audit events and logs. */
    String name();

    /** How otp-service checks the credential. */
    AuthMethod authMethod();

    /** Whether the request carries this method's credentials. */
    boolean presentIn(InboundPacket packet);

    /**
     * The credential of the request; empty when the request is refused without asking otp-service
     * (an empty password).
     *
     * @param secret the shared secret that the request was made with
     * @throws DroppedPacketException when the credential is malformed (RFC 2865: silently dropped)
     */
    Optional<Credential> credential(InboundPacket packet, byte[] secret, String userName) throws DroppedPacketException;

    /**
     * Adds to an Access-Accept what the method's peer needs from it.
     *
     * @return false when otp-service's answer lacks it (the request is then rejected)
     */
    default boolean completeAccept(ResponseBuilder response, InboundPacket packet, VerifyAnswer answer) {
        return true;
    }

    /** The identifier that an MS-CHAP-Error in a Reject carries, or null when the method has none. */
    default Byte msChapIdent(InboundPacket packet) {
        return null;
    }
}
