package dev.zeropin.events;

import dev.zeropin.events.RadiusClientEvents.RadiusClientDeleted;
import dev.zeropin.events.RadiusClientEvents.RadiusClientUpserted;
import dev.zeropin.events.RadiusClientEvents.SealedSecret;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals RADIUS shared secrets with AES-256-GCM under the NAS secret key. The one format for
 * registration-service (at rest, in events) and radius-gateway (on receipt).
 *
 * <ul>
 *   <li>At rest ({@link #seal}/{@link #open}) a secret is bound (associated data) to its RADIUS
 *       client's id, so that a sealed secret copied to another client does not open.
 *   <li>In a {@code radius-client.upserted} event ({@link #sealEvent}/{@link #openEvent}) each
 *       secret is bound to <em>every</em> field of the event (id, name, address, project,
 *       Message-Authenticator requirement, previous secret's validity, revision) and to its slot
 *       (current or previous): a producer on the topic who replays a sealed secret with any field
 *       changed gets a record that does not open. A {@code radius-client.deleted} event carries a
 *       seal of nothing bound to its fields ({@link #sealDeletion}), so it cannot be forged either.
 * </ul>
 */
public final class SecretSeal {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String UPSERTED = "zeropin radius-client.upserted v2";
    private static final String DELETED = "zeropin radius-client.deleted v2";
    private static final String CURRENT = "current";
    private static final String PREVIOUS = "previous";

    private SecretSeal() {}

    /** Seals {@code secret} for the RADIUS client {@code clientId} (at rest). */
    public static SealedSecret seal(SecretKey key, String radiusClientId, String secret) {
        return sealWith(key, radiusClientId.getBytes(StandardCharsets.UTF_8), secret);
    }

    /**
     * Opens a sealed secret of the RADIUS client {@code clientId} (at rest).
     *
     * @throws IllegalArgumentException when it was not sealed with this key for this client
     */
    public static String open(SecretKey key, String radiusClientId, SealedSecret sealed) {
        return openWith(key, radiusClientId.getBytes(StandardCharsets.UTF_8), sealed);
    }

    /**
     * The settings of a RADIUS client as a {@code radius-client.upserted} event carries them, without
     * its secrets.
     */
    public record ClientFields(
            String id,
            String name,
            String address,
            String clientId,
            boolean requireMessageAuthenticator,
            Instant previousSecretValidUntil,
            long revision) {}

    /** The secrets of an event, opened. */
    public record OpenedSecrets(String secret, String previousSecret) {}

    /**
     * An upserted event whose secrets ({@code previousSecret} may be null) are sealed under {@code
     * key} and bound to every field of the event.
     */
    public static RadiusClientUpserted sealEvent(
            SecretKey key, ClientFields fields, String secret, String previousSecret) {
        return new RadiusClientUpserted(
                fields.id(),
                fields.name(),
                fields.address(),
                fields.clientId(),
                fields.requireMessageAuthenticator(),
                sealWith(key, upsertedData(fields, CURRENT), secret),
                previousSecret == null ? null : sealWith(key, upsertedData(fields, PREVIOUS), previousSecret),
                fields.previousSecretValidUntil(),
                fields.revision());
    }

    /**
     * Opens the secrets of an upserted event.
     *
     * @throws IllegalArgumentException when a secret is missing, was not sealed with this key, or any
     *     field of the event differs from the fields it was sealed with
     */
    public static OpenedSecrets openEvent(SecretKey key, RadiusClientUpserted event) {
        if (event.secret() == null) {
            throw new IllegalArgumentException("the event has no secret");
        }
        ClientFields fields = fieldsOf(event);
        String secret = openWith(key, upsertedData(fields, CURRENT), event.secret());
        String previous = event.previousSecret() == null
                ? null
                : openWith(key, upsertedData(fields, PREVIOUS), event.previousSecret());
        return new OpenedSecrets(secret, previous);
    }

    /** A deleted event sealed (a seal of nothing, bound to its fields) under {@code key}. */
    public static RadiusClientDeleted sealDeletion(SecretKey key, String id, String name, long revision) {
        return new RadiusClientDeleted(id, name, revision, sealWith(key, deletedData(id, name, revision), ""));
    }

    /**
     * Checks the seal of a deleted event.
     *
     * @throws IllegalArgumentException when it has none, or it was not made with this key for these fields
     */
    public static void verifyDeletion(SecretKey key, RadiusClientDeleted event) {
        if (event.seal() == null) {
            throw new IllegalArgumentException("the event has no seal");
        }
        if (!openWith(key, deletedData(event.id(), event.name(), event.revision()), event.seal())
                .isEmpty()) {
            throw new IllegalArgumentException("the seal of a deletion holds nothing");
        }
    }

    private static ClientFields fieldsOf(RadiusClientUpserted event) {
        return new ClientFields(
                event.id(),
                event.name(),
                event.address(),
                event.clientId(),
                event.requireMessageAuthenticator(),
                event.previousSecretValidUntil(),
                event.revision());
    }

    private static byte[] upsertedData(ClientFields fields, String slot) {
        AssociatedData data = new AssociatedData(UPSERTED);
        data.add(slot);
        data.add(fields.id());
        data.add(fields.name());
        data.add(fields.address());
        data.add(fields.clientId());
        data.add(Boolean.toString(fields.requireMessageAuthenticator()));
        data.add(
                fields.previousSecretValidUntil() == null
                        ? null
                        : fields.previousSecretValidUntil().toString());
        data.add(Long.toString(fields.revision()));
        return data.bytes();
    }

    private static byte[] deletedData(String id, String name, long revision) {
        AssociatedData data = new AssociatedData(DELETED);
        data.add(id);
        data.add(name);
        data.add(Long.toString(revision));
        return data.bytes();
    }

    /** Fields, each length-prefixed (-1 for null), so that no two different events encode alike. */
    private static final class AssociatedData {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        AssociatedData(String context) {
            add(context);
        }

        void add(String value) {
            if (value == null) {
                out.writeBytes(ByteBuffer.allocate(4).putInt(-1).array());
                return;
            }
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
            out.writeBytes(bytes);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    private static SealedSecret sealWith(SecretKey key, byte[] associatedData, String secret) {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return new SealedSecret(ENCODER.encodeToString(nonce), ENCODER.encodeToString(sealed));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("secret could not be sealed", e);
        }
    }

    private static String openWith(SecretKey key, byte[] associatedData, SealedSecret sealed) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, DECODER.decode(sealed.nonce())));
            cipher.updateAAD(associatedData);
            return new String(cipher.doFinal(DECODER.decode(sealed.ciphertext())), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("sealed value does not open with this key for these fields");
        }
    }
}
