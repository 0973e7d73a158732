package dev.zeropin.gateway.radius;

import dev.zeropin.internal.otp.AuthMethod;
import dev.zeropin.internal.otp.Credential;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** PAP (RFC 2865 §5.2): the OTP itself, hidden under the shared secret in User-Password. */
final class PapMethod implements AccessMethod {

    @Override
    public String name() {
        return "PAP";
    }

    @Override
    public AuthMethod authMethod() {
        return AuthMethod.PAP;
    }

    @Override
    public boolean presentIn(InboundPacket packet) {
        return !packet.attributes(RadiusDictionary.USER_PASSWORD).isEmpty();
    }

    @Override
    public Optional<Credential> credential(InboundPacket packet, byte[] secret, String userName)
            throws DroppedPacketException {
        if (packet.attributes(RadiusDictionary.USER_PASSWORD).size() != 1) {
            throw new DroppedPacketException(DropReason.MALFORMED, "User-Password twice");
        }
        byte[] password = packet.userPassword(secret);
        try {
            return password.length == 0
                    ? Optional.empty()
                    : Optional.of(new Credential.Pap(new String(password, StandardCharsets.UTF_8)));
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }
}
