package dev.zeropin.mpin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The M-Pin identity of one device registration: project, User ID, issue time and a random salt,
 * as compact JSON. On the wire it travels as the lowercase hex of those JSON bytes (as MIRACL's
 * mpinIds do); the bytes themselves are what is hashed to the identity's point, so they are kept
 * exactly as issued and never re-serialised.
 *
 * <p>The mpinId is not secret. It cannot be forged usefully either: authenticating needs a client
 * secret for exactly these bytes, which only the master secret can produce.
 */
public final class MpinId {

    /** Longest accepted mpinId (hex characters). */
    public static final int MAX_HEX_LENGTH = 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] raw;
    private final String clientId;
    private final String userId;
    private final Instant issued;

    private MpinId(byte[] raw, String clientId, String userId, Instant issued) {
        this.raw = raw;
        this.clientId = clientId;
        this.userId = userId;
        this.issued = issued;
    }

    /** A new identity for a User ID of a project, issued now, with 16 random bytes of salt. */
    public static MpinId issue(String clientId, String userId, Instant now, SecureRandom random) {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(userId, "userId");
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        Instant issued = now.truncatedTo(ChronoUnit.SECONDS);
        ObjectNode node = JSON.createObjectNode()
                .put("v", 1)
                .put("clientId", clientId)
                .put("userId", userId)
                .put("issued", issued.toString())
                .put("salt", HEX.formatHex(salt));
        try {
            return new MpinId(JSON.writeValueAsBytes(node), clientId, userId, issued);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("mpinId cannot be written", e);
        }
    }

    /**
     * Reads an mpinId from its hex form.
     *
     * @throws IllegalArgumentException when it is not the hex of a version-1 mpinId
     */
    public static MpinId parse(String hex) {
        if (hex == null || hex.isEmpty() || hex.length() > MAX_HEX_LENGTH || hex.length() % 2 != 0) {
            throw new IllegalArgumentException("not an mpinId");
        }
        byte[] raw;
        try {
            raw = HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an mpinId");
        }
        try {
            JsonNode node = JSON.readTree(new String(raw, StandardCharsets.UTF_8));
            if (node == null
                    || !node.isObject()
                    || node.path("v").asInt() != 1
                    || !node.path("clientId").isTextual()
                    || !node.path("userId").isTextual()
                    || !node.path("issued").isTextual()
                    || !node.path("salt").isTextual()) {
                throw new IllegalArgumentException("not an mpinId");
            }
            Instant issued = Instant.parse(node.get("issued").asText());
            return new MpinId(
                    raw, node.get("clientId").asText(), node.get("userId").asText(), issued);
        } catch (JsonProcessingException | DateTimeParseException e) {
            throw new IllegalArgumentException("not an mpinId");
        }
    }

    /** The hex form used on the wire and in storage. */
    public String hex() {
        return HEX.formatHex(raw);
    }

    /** The exact bytes that are hashed to the identity's point. */
    public byte[] raw() {
        return raw.clone();
    }

    public String clientId() {
        return clientId;
    }

    public String userId() {
        return userId;
    }

    public Instant issued() {
        return issued;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MpinId id && java.util.Arrays.equals(raw, id.raw);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "MpinId[" + clientId + "/" + userId + " issued " + issued + "]";
    }
}
