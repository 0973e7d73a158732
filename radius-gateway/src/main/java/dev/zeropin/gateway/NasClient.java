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
 * @param secret the shared secret (UTF-8 bytes); null for a client that only uses RadSec
 * @param previousSecret the secret before a rotation, or null
 * @param previousSecretValidUntil until when the previous secret is accepted, or null
 * @param origin where the client was declared
 * @param radsec how its RadSec certificate is recognised, or null when it does not use RadSec
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
        Origin origin,
        RadSecIdentity radsec) {

    /** RFC 6614 §2.3: the shared secret of RADIUS over TLS. */
    private static final byte[] RADSEC_SECRET = "radsec".getBytes(StandardCharsets.US_ASCII);

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
                Origin.STATIC,
                null);
    }

    /** This client, also recognised over RadSec by {@code identity}. */
    public NasClient withRadSec(RadSecIdentity identity) {
        return new NasClient(
                id,
                name,
                address,
                clientId,
                requireMessageAuthenticator,
                secret,
                previousSecret,
                previousSecretValidUntil,
                origin,
                identity);
    }

    /** A static client that only uses RadSec: it has no UDP secret, so UDP packets from it are unknown. */
    public static NasClient radSecOnly(
            String name, Cidr address, String clientId, boolean requireMessageAuthenticator, RadSecIdentity identity) {
        return new NasClient(
                null, name, address, clientId, requireMessageAuthenticator, null, null, null, Origin.STATIC, identity);
    }

    /** True when UDP packets are accepted from it (it has a shared secret). */
    public boolean servesUdp() {
        return secret != null;
    }

    /**
     * The client as one RadSec connection sees it: the fixed secret {@code radsec} (RFC 6614 §2.3),
     * no rotation. The TLS session, not the secret, protects the packets.
     */
    public NasClient overRadSec() {
        return new NasClient(
                id,
                name,
                address,
                clientId,
                requireMessageAuthenticator,
                RADSEC_SECRET.clone(),
                null,
                null,
                origin,
                radsec);
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
                + requireMessageAuthenticator + " " + origin + (radsec == null ? "" : " " + radsec) + "]";
    }
}
