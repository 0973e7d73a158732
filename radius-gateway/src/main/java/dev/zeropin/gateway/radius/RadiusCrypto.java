package dev.zeropin.gateway.radius;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The hashes of RADIUS: packet authenticators (MD5, RFC 2865/2866) and Message-Authenticator (HMAC-MD5, RFC 3579). */
final class RadiusCrypto {

    static final int HEADER_LENGTH = 20;
    static final int AUTHENTICATOR_OFFSET = 4;
    static final int AUTHENTICATOR_LENGTH = 16;

    private RadiusCrypto() {}

    // One instance per thread: looking an algorithm up costs a provider search per call, and the
    // listener's few event-loop threads hash every packet.
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    });
    private static final ThreadLocal<Mac> HMAC_MD5 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacMD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("HMAC-MD5 is not available", e);
        }
    });

    /**
     * This thread's MD5, reset. Use it from {@code update} to {@code digest} without calling
     * anything in between that hashes too: the next call on this thread gets the same instance.
     */
    static MessageDigest md5() {
        MessageDigest md5 = MD5.get();
        md5.reset();
        return md5;
    }

    static byte[] hmacMd5(byte[] secret, byte[] data) {
        try {
            Mac mac = HMAC_MD5.get();
            mac.init(new SecretKeySpec(secret, "HmacMD5"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-MD5 is not available", e);
        }
    }

    /**
     * The Message-Authenticator of a packet whose Message-Authenticator value sits at {@code offset}:
     * HMAC-MD5 over the packet with that value zeroed and {@code authenticator} in the header.
     */
    static byte[] messageAuthenticator(byte[] packet, int offset, byte[] authenticator, byte[] secret) {
        byte[] copy = packet.clone();
        System.arraycopy(authenticator, 0, copy, AUTHENTICATOR_OFFSET, AUTHENTICATOR_LENGTH);
        java.util.Arrays.fill(copy, offset, offset + 16, (byte) 0);
        return hmacMd5(secret, copy);
    }

    /**
     * MD5(Code ‖ Identifier ‖ Length ‖ {@code authenticator} ‖ Attributes ‖ Secret): the Response
     * Authenticator (with the request's authenticator) or an Accounting-Request's authenticator
     * (with sixteen zero octets).
     */
    static byte[] packetAuthenticator(byte[] packet, byte[] authenticator, byte[] secret) {
        MessageDigest md5 = md5();
        md5.update(packet, 0, AUTHENTICATOR_OFFSET);
        md5.update(authenticator);
        md5.update(packet, HEADER_LENGTH, packet.length - HEADER_LENGTH);
        md5.update(secret);
        return md5.digest();
    }
}
