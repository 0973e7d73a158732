package dev.zeropin.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The NAS secret keys of an installation, read from the {@code nas-secret-key} file that
 * registration-service and radius-gateway share: one AES-256 key (base64url of 32 bytes) per line.
 * The first line seals; every line opens. A second line exists only while the key is rotated
 * ({@code zeropin keys rotate-nas-secret-key}, then {@code zeropin keys reseal-nas-secrets}).
 */
public final class NasSecretKeys {

    private final List<SecretKey> keys;

    private NasSecretKeys(List<SecretKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /** The keys of {@code text} (the file's content): one base64url key per line, blank lines ignored. */
    public static NasSecretKeys parse(String text) {
        List<SecretKey> keys = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            String value = line.strip();
            if (value.isEmpty()) {
                continue;
            }
            byte[] bytes = Base64.getUrlDecoder().decode(value);
            if (bytes.length != 32) {
                throw new IllegalArgumentException("a NAS secret key holds 32 bytes");
            }
            keys.add(new SecretKeySpec(bytes, "AES"));
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no NAS secret key");
        }
        return new NasSecretKeys(keys);
    }

    /**
     * Reads the key file.
     *
     * @param setting the setting that names the file, for the message of a failure
     * @throws IllegalStateException when the file is unreadable or holds no valid key (never
     *     showing its content)
     */
    public static NasSecretKeys read(Path file, String setting) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    setting + " is not a readable file of base64url AES-256 keys (32 bytes), one per line");
        }
    }

    /** The key that seals (the first line). */
    public SecretKey sealing() {
        return keys.get(0);
    }

    /** How many keys open (more than one during a rotation). */
    public int size() {
        return keys.size();
    }

    /**
     * Opens something with the first key that opens it.
     *
     * @throws IllegalArgumentException when no key opens it
     */
    public <T> T open(Function<SecretKey, T> opening) {
        IllegalArgumentException failure = null;
        for (SecretKey key : keys) {
            try {
                return opening.apply(key);
            } catch (IllegalArgumentException e) {
                failure = e;
            }
        }
        throw failure;
    }

    /** Whether the first key (the one that seals) opens it. */
    public boolean opensWithSealingKey(Function<SecretKey, ?> opening) {
        try {
            opening.apply(sealing());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
