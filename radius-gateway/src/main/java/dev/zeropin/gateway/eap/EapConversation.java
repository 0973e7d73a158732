package dev.zeropin.gateway.eap;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where one EAP conversation stands between two rounds. It travels to the NAS and back sealed in
 * the RADIUS State attribute ({@link EapStateSeal}), so that any gateway replica can continue it.
 *
 * @param method the EAP type offered ({@link EapPacket#GTC} or {@link EapPacket#MSCHAPV2})
 * @param stage {@link #METHOD_OFFERED} or {@link #SUCCESS_SENT} (MS-CHAPv2 success request sent)
 * @param identifier the identifier of the EAP-Request sent, which the next Response must carry
 * @param rounds the Access-Challenges sent so far
 * @param offered the methods offered so far (bits: 1 GTC, 2 MS-CHAPv2), so that a Nak moves on
 * @param expiresAtSeconds when the conversation ends (epoch seconds), wherever it stands
 * @param challenge the MS-CHAPv2 authenticator challenge (16 octets), or empty
 * @param pending after an accepted MS-CHAPv2 response: what the Access-Accept will carry, or null
 */
record EapConversation(
        int method,
        int stage,
        int identifier,
        int rounds,
        int offered,
        long expiresAtSeconds,
        byte[] challenge,
        PendingAccept pending) {

    static final int METHOD_OFFERED = 1;
    static final int SUCCESS_SENT = 2;

    private static final int VERSION = 1;

    /**
     * What an accepted MS-CHAPv2 exchange gives the final Access-Accept.
     *
     * @param sendKey MS-MPPE-Send-Key (16 octets)
     * @param recvKey MS-MPPE-Recv-Key (16 octets)
     * @param replyMessage the project's wording (cut to fit the State), or empty
     */
    record PendingAccept(byte[] sendKey, byte[] recvKey, String replyMessage) {
        @Override
        public String toString() {
            return "PendingAccept[<hidden>]";
        }
    }

    /** The bit of {@code method} in {@link #offered}. */
    static int bit(int method) {
        return method == EapPacket.GTC ? 1 : method == EapPacket.MSCHAPV2 ? 2 : 0;
    }

    EapConversation next(int nextMethod, int nextStage, int nextIdentifier, byte[] nextChallenge, PendingAccept next) {
        return new EapConversation(
                nextMethod,
                nextStage,
                nextIdentifier & 0xFF,
                rounds + 1,
                offered | bit(nextMethod),
                expiresAtSeconds,
                nextChallenge,
                next);
    }

    /** The plaintext of the State; a reply message is cut so that the whole stays within {@code room} octets. */
    byte[] encode(int room) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.write(VERSION);
        out.write(method);
        out.write(stage);
        out.write(identifier);
        out.write(rounds);
        out.write(offered);
        out.writeBytes(ByteBuffer.allocate(8).putLong(expiresAtSeconds).array());
        writeBytes(out, challenge);
        out.write(pending == null ? 0 : 1);
        if (pending != null) {
            writeBytes(out, pending.sendKey());
            writeBytes(out, pending.recvKey());
            int left = room - out.size() - 1;
            writeBytes(out, cut(pending.replyMessage(), Math.max(0, left)));
        }
        return out.toByteArray();
    }

    /**
     * Reads what {@link #encode} wrote.
     *
     * @throws IllegalArgumentException when it is not a conversation of this version
     */
    static EapConversation decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            if ((in.get() & 0xFF) != VERSION) {
                throw new IllegalArgumentException("conversation version");
            }
            int method = in.get() & 0xFF;
            int stage = in.get() & 0xFF;
            int identifier = in.get() & 0xFF;
            int rounds = in.get() & 0xFF;
            int offered = in.get() & 0xFF;
            long expires = in.getLong();
            byte[] challenge = readBytes(in);
            PendingAccept pending = null;
            if (in.get() == 1) {
                byte[] send = readBytes(in);
                byte[] recv = readBytes(in);
                pending = new PendingAccept(send, recv, new String(readBytes(in), StandardCharsets.UTF_8));
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("conversation has trailing octets");
            }
            return new EapConversation(method, stage, identifier, rounds, offered, expires, challenge, pending);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("conversation truncated");
        }
    }

    private static void writeBytes(ByteArrayOutputStream out, byte[] value) {
        out.write(value.length);
        out.writeBytes(value);
    }

    private static byte[] readBytes(ByteBuffer in) {
        byte[] value = new byte[in.get() & 0xFF];
        in.get(value);
        return value;
    }

    /** The longest prefix of {@code text} whose UTF-8 form fits {@code max} octets, cut between characters. */
    private static byte[] cut(String text, int max) {
        byte[] bytes = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= Math.min(max, 255)) {
            return bytes;
        }
        int end = Math.min(max, 255);
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return Arrays.copyOf(bytes, end);
    }

    @Override
    public String toString() {
        return "EapConversation[method=" + method + " stage=" + stage + " rounds=" + rounds + "]";
    }
}
