package dev.zeropin.otp.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.crypto.digests.MD4Digest;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * MS-CHAPv2 (RFC 2759) from the authenticator's side and the MPPE keys derived from it (RFC 3079
 * §3), where the OTP is the password. MD4 and DES come from BouncyCastle's lightweight API (the
 * JCA has no MD4), so nothing depends on a registered provider.
 */
public final class MsChapV2 {

    /** The length of the authenticator and peer challenges. */
    public static final int CHALLENGE_LENGTH = 16;

    /** The length of an NT-Response. */
    public static final int NT_RESPONSE_LENGTH = 24;

    /** The length of the 128-bit MPPE master send and receive keys. */
    public static final int MPPE_KEY_LENGTH = 16;

    private static final byte[] SIGNING_MAGIC = ascii("Magic server to client signing constant");
    private static final byte[] PAD_MAGIC = ascii("Pad to make it do more than one iteration");
    private static final byte[] MASTER_KEY_MAGIC = ascii("This is the MPPE Master Key");
    private static final byte[] CLIENT_SEND_SERVER_RECEIVE =
            ascii("On the client side, this is the send key; on the server side, it is the receive key.");
    private static final byte[] CLIENT_RECEIVE_SERVER_SEND =
            ascii("On the client side, this is the receive key; on the server side, it is the send key.");
    private static final byte[] SHS_PAD_1 = new byte[40];
    private static final byte[] SHS_PAD_2 = filled(40, (byte) 0xF2);

    private MsChapV2() {}

    /**
     * What the authenticator answers after a successful check.
     *
     * @param authenticatorResponse the 42-character {@code S=<40 hex digits>} string
     * @param masterSendKey the server's MasterSendKey (16 bytes, RFC 3079 §3.4)
     * @param masterReceiveKey the server's MasterReceiveKey (16 bytes)
     */
    public record Success(String authenticatorResponse, byte[] masterSendKey, byte[] masterReceiveKey) {}

    /**
     * One MS-CHAPv2 response to check against candidate passwords.
     *
     * @param authenticatorChallenge the 16 bytes the NAS sent to the peer (MS-CHAP-Challenge)
     * @param peerChallenge the 16 bytes the peer chose (in MS-CHAP2-Response)
     * @param ntResponse the 24-byte NT-Response of the peer
     * @param userName the user name as the peer sent it (a {@code DOMAIN\} prefix is ignored)
     */
    public record Attempt(byte[] authenticatorChallenge, byte[] peerChallenge, byte[] ntResponse, String userName) {

        /** True when {@code password} yields this NT-Response (compared in constant time). */
        public boolean matches(byte[] password) {
            byte[] passwordHash = ntPasswordHash(password);
            byte[] expected = generateNtResponse(authenticatorChallenge, peerChallenge, userName, passwordHash);
            Arrays.fill(passwordHash, (byte) 0);
            return MessageDigest.isEqual(expected, ntResponse);
        }

        /** The authenticator response and MPPE keys for the password that matched. */
        public Success success(byte[] password) {
            byte[] passwordHash = ntPasswordHash(password);
            byte[] passwordHashHash = md4(passwordHash);
            Arrays.fill(passwordHash, (byte) 0);
            String response = authenticatorResponse(
                    passwordHashHash, ntResponse, peerChallenge, authenticatorChallenge, userName);
            byte[] masterKey = masterKey(passwordHashHash, ntResponse);
            Arrays.fill(passwordHashHash, (byte) 0);
            Success success = new Success(
                    response,
                    asymmetricStartKey(masterKey, MPPE_KEY_LENGTH, true, true),
                    asymmetricStartKey(masterKey, MPPE_KEY_LENGTH, false, true));
            Arrays.fill(masterKey, (byte) 0);
            return success;
        }
    }

    /** What a peer sends for {@code password} (RFC 2759 §8.1): for clients and tests. */
    public static byte[] peerNtResponse(
            byte[] authenticatorChallenge, byte[] peerChallenge, String userName, byte[] password) {
        byte[] passwordHash = ntPasswordHash(password);
        byte[] response = generateNtResponse(authenticatorChallenge, peerChallenge, userName, passwordHash);
        Arrays.fill(passwordHash, (byte) 0);
        return response;
    }

    /** RFC 2759 §8.1 GenerateNTResponse. */
    static byte[] generateNtResponse(
            byte[] authenticatorChallenge, byte[] peerChallenge, String userName, byte[] passwordHash) {
        byte[] challenge = challengeHash(peerChallenge, authenticatorChallenge, userName);
        return challengeResponse(challenge, passwordHash);
    }

    /** RFC 2759 §8.2 ChallengeHash: the first 8 bytes of SHA-1(peer ‖ authenticator ‖ user name). */
    static byte[] challengeHash(byte[] peerChallenge, byte[] authenticatorChallenge, String userName) {
        MessageDigest sha1 = sha1();
        sha1.update(peerChallenge);
        sha1.update(authenticatorChallenge);
        sha1.update(withoutDomain(userName).getBytes(StandardCharsets.UTF_8));
        return Arrays.copyOf(sha1.digest(), 8);
    }

    /** RFC 2759 §8.3 NtPasswordHash: MD4 of the password in UTF-16LE ("Unicode"). */
    static byte[] ntPasswordHash(byte[] password) {
        byte[] unicode = new String(password, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16LE);
        byte[] hash = md4(unicode);
        Arrays.fill(unicode, (byte) 0);
        return hash;
    }

    /** RFC 2759 §8.5 ChallengeResponse: the challenge DES-encrypted with three 7-byte key parts. */
    static byte[] challengeResponse(byte[] challenge, byte[] passwordHash) {
        byte[] zPasswordHash = Arrays.copyOf(passwordHash, 21);
        byte[] response = new byte[24];
        for (int part = 0; part < 3; part++) {
            DESEngine des = new DESEngine();
            des.init(true, new KeyParameter(desKey(zPasswordHash, part * 7)));
            des.processBlock(challenge, 0, response, part * 8);
        }
        Arrays.fill(zPasswordHash, (byte) 0);
        return response;
    }

    /** RFC 2759 §8.7 GenerateAuthenticatorResponse, from PasswordHashHash. */
    static String authenticatorResponse(
            byte[] passwordHashHash,
            byte[] ntResponse,
            byte[] peerChallenge,
            byte[] authenticatorChallenge,
            String userName) {
        MessageDigest sha1 = sha1();
        sha1.update(passwordHashHash);
        sha1.update(ntResponse);
        sha1.update(SIGNING_MAGIC);
        byte[] digest = sha1.digest();
        byte[] challenge = challengeHash(peerChallenge, authenticatorChallenge, userName);
        sha1.update(digest);
        sha1.update(challenge);
        sha1.update(PAD_MAGIC);
        return "S=" + HexFormat.of().formatHex(sha1.digest()).toUpperCase(Locale.ROOT);
    }

    /** RFC 3079 §3.4 GetMasterKey. */
    static byte[] masterKey(byte[] passwordHashHash, byte[] ntResponse) {
        MessageDigest sha1 = sha1();
        sha1.update(passwordHashHash);
        sha1.update(ntResponse);
        sha1.update(MASTER_KEY_MAGIC);
        return Arrays.copyOf(sha1.digest(), 16);
    }

    /** RFC 3079 §3.4 GetAsymmetricStartKey. */
    static byte[] asymmetricStartKey(byte[] masterKey, int keyLength, boolean send, boolean server) {
        byte[] magic = send == server ? CLIENT_RECEIVE_SERVER_SEND : CLIENT_SEND_SERVER_RECEIVE;
        MessageDigest sha1 = sha1();
        sha1.update(masterKey);
        sha1.update(SHS_PAD_1);
        sha1.update(magic);
        sha1.update(SHS_PAD_2);
        return Arrays.copyOf(sha1.digest(), keyLength);
    }

    static byte[] md4(byte[] input) {
        MD4Digest md4 = new MD4Digest();
        md4.update(input, 0, input.length);
        byte[] out = new byte[md4.getDigestSize()];
        md4.doFinal(out, 0);
        return out;
    }

    /** The user name without a {@code DOMAIN\} prefix (RFC 2759 §8.2). */
    static String withoutDomain(String userName) {
        int backslash = userName.lastIndexOf('\\');
        return backslash < 0 ? userName : userName.substring(backslash + 1);
    }

    /** Spreads 7 key bytes over 8 DES key bytes (the low bit of each is parity, ignored by DES). */
    private static byte[] desKey(byte[] source, int offset) {
        byte[] key = new byte[8];
        long bits = 0;
        for (int i = 0; i < 7; i++) {
            bits = (bits << 8) | (source[offset + i] & 0xFF);
        }
        for (int i = 0; i < 8; i++) {
            key[i] = (byte) (((bits >>> (49 - 7 * i)) & 0x7F) << 1);
        }
        return key;
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }
}
