package dev.zeropin.gateway.eap;

import io.smallrye.mutiny.Uni;

/** One EAP method on the authenticator's side (one class per method, as FreeRADIUS's rlm_eap types). */
interface EapMethodHandler {

    /** The EAP type. */
    int type();

    /** The label in metrics and events ({@code EAP-GTC}, ...). */
    String label();

    /** Whether the method needs an authenticator challenge of 16 octets in its conversation. */
    boolean needsChallenge();

    /** The type data of the method's first EAP-Request. */
    byte[] firstRequest(int identifier, byte[] challenge);

    /** The answer to the peer's Response of this method. */
    Uni<EapStep> respond(EapServer.Round round, EapConversation conversation, EapPacket response);
}
