package dev.zeropin.gateway.eap;

import dev.zeropin.internal.otp.NasSession;
import java.util.List;

/**
 * One round of an EAP conversation as an Access-Request brings it.
 *
 * @param nasName the RADIUS client's name (the State is bound to it)
 * @param clientId the client's project
 * @param userName the User-Name (the State is bound to it)
 * @param session where the request came from, for otp-service
 * @param eapMessages the values of the EAP-Message attributes, in order
 * @param state the State attribute's value, or null in the first round
 */
public record EapRequest(
        String nasName, String clientId, String userName, NasSession session, List<byte[]> eapMessages, byte[] state) {}
