package dev.zeropin.e2e;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.MD4Digest;

/**
 * The peer's side of MS-CHAPv2 (RFC 2759) and the MPPE keys it expects (RFC 3079), written for the
 * tests from the RFCs (DES from the JCA, MD4 from BouncyCastle), independent of otp-service's code.
 *
 * @param userName the user name the peer hashes into the challenge
 * @param password the password (the OTP)
 * @param authenticatorChallenge the 16 bytes the NAS sends as MS-CHAP-Challenge
 * @param peerChallenge the 16 bytes the peer chooses
 */
record MsChapV2Peer(String userName, String password, byte[] authenticatorChallenge, byte[] peerChallenge) {

    private static final byte[] MAGIC1 = ascii("Magic server to client signing constant");
    private static final byte[] MAGIC2 = ascii("Pad to make it do more than one iteration");
    private static final byte[] MASTER_MAGIC = ascii("This is the MPPE Master Key");
    private static final byte[] CLIENT_SEND =
            ascii("On the client side, this is the send key; on the server side, it is the receive key.");
    private static final byte[] CLIENT_RECEIVE =
            ascii("On the client side, this is the receive key; on the server side, it is the send key.");

    /** RFC 2759 §8.1 GenerateNTResponse. */
    byte[] ntResponse() {
        byte[] hash = passwordHash();
        byte[] z = Arrays.copyOf(hash, 21);
        byte[] challenge = challengeHash();
        byte[] response = new byte[24];
        for (int part = 0; part < 3; part++) {
            System.arraycopy(des(Arrays.copyOfRange(z, 7 * part, 7 * part + 7), challenge), 0, response, 8 * part, 8);
        }
        return response;
    }

    /** The 50-byte value of MS-CHAP2-Response (RFC 2548 §2.3.2): ident, flags, peer challenge, reserved, NT-Response. */
    byte[] chap2Response(int ident) {
        byte[] value = new byte[50];
        value[0] = (byte) ident;
        value[1] = 0;
        System.arraycopy(peerChallenge, 0, value, 2, 16);
        System.arraycopy(ntResponse(), 0, value, 26, 24);
        return value;
    }

    /** RFC 2759 §8.7: the {@code S=...} the authenticator must answer. */
    String authenticatorResponse() {
        byte[] digest = sha1(md4(passwordHash()), ntResponse(), MAGIC1);
        byte[] result = sha1(digest, challengeHash(), MAGIC2);
        return "S=" + HexFormat.of().formatHex(result).toUpperCase(Locale.ROOT);
    }

    /** RFC 3079 §3.4: the authenticator's send key (the peer's receive key), 128 bits. */
    byte[] serverSendKey() {
        return startKey(CLIENT_RECEIVE);
    }

    /** RFC 3079 §3.4: the authenticator's receive key (the peer's send key), 128 bits. */
    byte[] serverReceiveKey() {
        return startKey(CLIENT_SEND);
    }

    private byte[] startKey(byte[] magic) {
        byte[] masterKey = Arrays.copyOf(sha1(md4(passwordHash()), ntResponse(), MASTER_MAGIC), 16);
        byte[] pad2 = new byte[40];
        Arrays.fill(pad2, (byte) 0xF2);
        return Arrays.copyOf(sha1(masterKey, new byte[40], magic, pad2), 16);
    }

    byte[] challengeHash() {
        return Arrays.copyOf(sha1(peerChallenge, authenticatorChallenge, ascii(userName)), 8);
    }

    byte[] passwordHash() {
        return md4(password.getBytes(StandardCharsets.UTF_16LE));
    }

    private static byte[] des(byte[] key7, byte[] block) {
        byte[] key = new byte[8];
        long bits = 0;
        for (byte b : key7) {
            bits = (bits << 8) | (b & 0xFF);
        }
        for (int i = 0; i < 8; i++) {
            key[i] = (byte) (((bits >>> (49 - 7 * i)) & 0x7F) << 1);
        }
        try {
            Cipher cipher = Cipher.getInstance("DES/ECB/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DES"));
            return cipher.doFinal(block);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] md4(byte[] input) {
        MD4Digest md4 = new MD4Digest();
        md4.update(input, 0, input.length);
        byte[] out = new byte[16];
        md4.doFinal(out, 0);
        return out;
    }

    private static byte[] sha1(byte[]... parts) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            for (byte[] part : parts) {
                sha1.update(part);
            }
            return sha1.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
