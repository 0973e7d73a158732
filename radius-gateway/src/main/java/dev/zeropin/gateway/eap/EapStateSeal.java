package dev.zeropin.gateway.eap;

import dev.zeropin.gateway.client.ServiceTokens;
import dev.zeropin.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals an {@link EapConversation} into the RADIUS State attribute with AES-256-GCM, bound
 * (associated data) to the NAS and the User-Name, so that the conversation lives in the NAS's
 * packets and not in one replica's memory: a NAS's next round may reach any gateway replica.
 *
 * <p>The key is derived with HKDF-SHA256 from the gateway's service signing key ({@code
 * gateway.keys.service-signing-key}), the one secret that every replica of the gateway mounts and
 * that no other service holds (otp-service only has its public half). A separate label keeps the
 * derived key apart from any other use of that key; rotating the signing key ends the
 * conversations under way (at most one State lifetime).
 *
 * <p>The final round of a conversation (the one answered with Access-Accept) may be opened only
 * once per replica: {@link #consume} remembers it until it expires, in a bounded map.
 */
@ApplicationScoped
public class EapStateSeal {

    /** The State attribute's value holds at most 253 octets. */
    static final int MAX_STATE = 253;

    private static final int VERSION = 1;
    private static final int NONCE = 12;
    private static final int TAG = 16;
    /** The room left for the conversation itself. */
    static final int ROOM = MAX_STATE - 1 - NONCE - TAG;

    private static final byte[] LABEL = "zeropin radius-gateway EAP State v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;
    private final Clock clock;
    private final int maxConsumed;
    private final Map<String, Long> consumed = new ConcurrentHashMap<>();

    @Inject
    public EapStateSeal(GatewayConfig config) {
        this(
                deriveKey(ServiceTokens.loadKey(config.keys()
                                .serviceSigningKey()
                                .orElseThrow(() -> new IllegalStateException(
                                        "gateway.keys.service-signing-key (ZEROPIN_GATEWAY_SIGNING_KEY) is required")))
                        .getEcPrivateKey()
                        .getS()),
                Clock.systemUTC(),
                config.eap().replayCacheSize());
    }

    /** A seal under a random key of this process: for servers built by hand in tests and tools. */
    public static EapStateSeal ofThisProcessOnly(GatewayConfig config) {
        return new EapStateSeal(
                deriveKey(new BigInteger(1, EapServer.random(32))),
                Clock.systemUTC(),
                config.eap().replayCacheSize());
    }

    EapStateSeal(SecretKey key, Clock clock, int maxConsumed) {
        this.key = key;
        this.clock = clock;
        this.maxConsumed = maxConsumed;
    }

    /** HKDF-SHA256 (RFC 5869) of the signing key's private scalar, with this seal's label as info. */
    static SecretKey deriveKey(BigInteger privateScalar) {
        byte[] ikm = new byte[32];
        byte[] scalar = privateScalar.toByteArray();
        int copy = Math.min(scalar.length, 32);
        System.arraycopy(scalar, scalar.length - copy, ikm, 32 - copy, copy);
        try {
            Mac extract = Mac.getInstance("HmacSHA256");
            extract.init(new SecretKeySpec("zeropin-hkdf-salt".getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            byte[] prk = extract.doFinal(ikm);
            Mac expand = Mac.getInstance("HmacSHA256");
            expand.init(new SecretKeySpec(prk, "HmacSHA256"));
            expand.update(LABEL);
            expand.update((byte) 1);
            byte[] okm = expand.doFinal();
            Arrays.fill(prk, (byte) 0);
            Arrays.fill(ikm, (byte) 0);
            return new SecretKeySpec(okm, "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Now, in epoch seconds, by this seal's clock. */
    long nowSeconds() {
        return clock.instant().getEpochSecond();
    }

    /** The State attribute's value for {@code conversation} between {@code nasName} and {@code userName}. */
    byte[] seal(EapConversation conversation, String nasName, String userName) {
        byte[] plain = conversation.encode(ROOM);
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG * 8, nonce));
            cipher.updateAAD(associatedData(nasName, userName));
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = new byte[1 + NONCE + sealed.length];
            out[0] = VERSION;
            System.arraycopy(nonce, 0, out, 1, NONCE);
            System.arraycopy(sealed, 0, out, 1 + NONCE, sealed.length);
            if (out.length > MAX_STATE) {
                throw new IllegalStateException("EAP State too long");
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EAP State could not be sealed", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * The conversation sealed in {@code state}, when it was sealed by a gateway with this key for
     * this NAS and user and has not expired; empty for anything else (forged, altered, another NAS
     * or user, expired).
     */
    Optional<EapConversation> open(byte[] state, String nasName, String userName) {
        if (state.length < 1 + NONCE + TAG || state[0] != VERSION) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG * 8, state, 1, NONCE));
            cipher.updateAAD(associatedData(nasName, userName));
            byte[] plain = cipher.doFinal(state, 1 + NONCE, state.length - 1 - NONCE);
            EapConversation conversation = EapConversation.decode(plain);
            Arrays.fill(plain, (byte) 0);
            if (nowSeconds() >= conversation.expiresAtSeconds()) {
                return Optional.empty();
            }
            return Optional.of(conversation);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Marks a final-round State as used; false when this replica saw it before (a replay within its
     * lifetime) or cannot remember one more.
     */
    boolean consume(byte[] state, long expiresAtSeconds) {
        long now = nowSeconds();
        if (consumed.size() >= maxConsumed) {
            for (Iterator<Map.Entry<String, Long>> it = consumed.entrySet().iterator(); it.hasNext(); ) {
                if (it.next().getValue() <= now) {
                    it.remove();
                }
            }
            if (consumed.size() >= maxConsumed) {
                return false;
            }
        }
        String nonce = HexFormat.of().formatHex(state, 1, 1 + NONCE);
        return consumed.putIfAbsent(nonce, expiresAtSeconds) == null;
    }

    private static byte[] associatedData(String nasName, String userName) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(LABEL);
        out.write(0);
        out.writeBytes(nasName.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.writeBytes(userName.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
