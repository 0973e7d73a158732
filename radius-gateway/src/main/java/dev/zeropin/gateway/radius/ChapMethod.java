package dev.zeropin.gateway.radius;

import dev.zeropin.internal.otp.AuthMethod;
import dev.zeropin.internal.otp.Credential;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.tinyradius.core.attribute.type.RadiusAttribute;

/**
 * CHAP (RFC 2865 §5.3, RFC 1994): the MD5 of the CHAP identifier, the OTP and a challenge, which
 * is CHAP-Challenge or else the Request Authenticator.
 */
final class ChapMethod implements AccessMethod {

    @Override
    public String name() {
        return "CHAP";
    }

    @Override
    public AuthMethod authMethod() {
        return AuthMethod.CHAP;
    }

    @Override
    public boolean presentIn(InboundPacket packet) {
        return !packet.attributes(RadiusDictionary.CHAP_PASSWORD).isEmpty();
    }

    @Override
    public Optional<Credential> credential(InboundPacket packet, byte[] secret, String userName)
            throws DroppedPacketException {
        byte[] chapPassword = packet.value(RadiusDictionary.CHAP_PASSWORD)
                .filter(value -> value.length == 1 + Credential.Chap.RESPONSE_LENGTH)
                .orElseThrow(() -> new DroppedPacketException(DropReason.MALFORMED, "CHAP-Password"));
        List<RadiusAttribute> challenges = packet.attributes(RadiusDictionary.CHAP_CHALLENGE);
        if (challenges.size() > 1) {
            throw new DroppedPacketException(DropReason.MALFORMED, "CHAP-Challenge twice");
        }
        byte[] challenge = challenges.isEmpty()
                ? packet.authenticator()
                : challenges.get(0).getValue();
        if (challenge.length == 0) {
            throw new DroppedPacketException(DropReason.MALFORMED, "CHAP-Challenge");
        }
        return Optional.of(new Credential.Chap(
                chapPassword[0] & 0xFF, challenge, Arrays.copyOfRange(chapPassword, 1, chapPassword.length)));
    }
}
