package dev.zeropin.gateway;

import dev.zeropin.support.net.Cidr;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A RADIUS client (NAS): where it sends from, the shared secret(s) it signs with, the project it
 * authenticates against. Never logged with its secrets: {@link #toString()} leaves them out.
 *
 * @param id the console id of a managed client, or null for a static one
 * @param name its name, as in metrics and events
 * @param address the source address or range it sends from
 * @param clientId the project it authenticates against
 * @param requireMessageAuthenticator false only for legacy equipment (then "limit Proxy-State")
 * @param secret the shared secret (UTF-8 bytes)
 * @param previousSecret the secret before a rotation, or null
 * @param previousSecretValidUntil until when the previous secret is accepted, or null
 * @param origin where the client was declared
 */
public record NasClient(
        String id,
        String name,
        Cidr address,
        String clientId,
        boolean requireMessageAuthenticator,
        byte[] secret,
        byte[] previousSecret,
        Instant previousSecretValidUntil,
        Origin origin) {

    /** Where a client was declared. */
    public enum Origin {
        /** The gateway's clients file. */
        STATIC,
        /** The console (radius-client-events). */
        CONSOLE
    }

    /** A static client with one secret. */
    public static NasClient declared(
            String name, Cidr address, String clientId, boolean requireMessageAuthenticator, String secret) {
        return new NasClient(
                null,
                name,
                address,
                clientId,
                requireMessageAuthenticator,
                secret.getBytes(StandardCharsets.UTF_8),
                null,
                null,
                Origin.STATIC);
    }

    /** The secrets to try, current first, then the previous one while it is still valid. */
    public List<byte[]> secretsAt(Instant now) {
        List<byte[]> secrets = new ArrayList<>(2);
        secrets.add(secret);
        if (previousSecret != null && previousSecretValidUntil != null && now.isBefore(previousSecretValidUntil)) {
            secrets.add(previousSecret);
        }
        return secrets;
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "NasClient[" + name + " " + address + " project=" + clientId + " requireMessageAuthenticator="
                + requireMessageAuthenticator + " " + origin + "]";
    }
}
