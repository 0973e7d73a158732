package dev.zeropin.events;

import java.time.Instant;

/**
 * Records published on {@value Topics#RADIUS_CLIENT_EVENTS} by registration-service when an
 * administrator manages RADIUS clients (NAS) in the console; radius-gateway applies them within
 * seconds. The shared secret never travels in clear: it is sealed with AES-256-GCM under the NAS
 * secret key that only registration-service and radius-gateway hold. The subject is the client id.
 */
public final class RadiusClientEvents {

    /**
     * A sealed shared secret.
     *
     * @param nonce the 12-byte GCM nonce (base64url)
     * @param ciphertext the secret with its tag (base64url)
     */
    public record SealedSecret(String nonce, String ciphertext) {}

    /**
     * A RADIUS client was created or changed; the record carries its complete configuration.
     *
     * @param id the client's id
     * @param name its name, unique, as it appears in metrics and events
     * @param address the source address or CIDR it sends from
     * @param clientId the project it authenticates against
     * @param requireMessageAuthenticator false only for legacy equipment (then "limit Proxy-State")
     * @param secret the current shared secret, sealed and bound to every other field of the record
     *     ({@link SecretSeal#sealEvent}), so that no field can be changed on the way
     * @param previousSecret the secret before a rotation, sealed and bound the same way, or null
     * @param previousSecretValidUntil until when the previous secret is still accepted, or null
     * @param revision increases with every change; older records are ignored
     */
    @EventType(value = "radius-client.upserted", topic = Topics.RADIUS_CLIENT_EVENTS)
    public record RadiusClientUpserted(
            String id,
            String name,
            String address,
            String clientId,
            boolean requireMessageAuthenticator,
            SealedSecret secret,
            SealedSecret previousSecret,
            Instant previousSecretValidUntil,
            long revision)
            implements DomainEvent {
        @Override
        public String subject() {
            return id;
        }
    }

    /**
     * A RADIUS client was deleted: its packets are dropped from now on.
     *
     * @param seal a seal of nothing under the NAS secret key, bound to the other fields ({@link
     *     SecretSeal#sealDeletion}), so that only a holder of the key can delete a client
     */
    @EventType(value = "radius-client.deleted", topic = Topics.RADIUS_CLIENT_EVENTS)
    public record RadiusClientDeleted(String id, String name, long revision, SealedSecret seal) implements DomainEvent {
        @Override
        public String subject() {
            return id;
        }
    }

    private RadiusClientEvents() {}
}
