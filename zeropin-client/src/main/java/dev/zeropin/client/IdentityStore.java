package dev.zeropin.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The device's identities in one JSON file, readable by its owner only (like a browser's IndexedDB). */
public final class IdentityStore {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;

    public IdentityStore(Path file) {
        this.file = file;
    }

    /** Every identity in the store. */
    public List<StoredIdentity> list() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return JSON.readValue(file.toFile(), new TypeReference<List<StoredIdentity>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable identity store " + file, e);
        }
    }

    /** The newest identity of a User ID (of any project when {@code clientId} is null). */
    public Optional<StoredIdentity> find(String userId, String clientId) {
        List<StoredIdentity> all = list();
        for (int i = all.size() - 1; i >= 0; i--) {
            StoredIdentity identity = all.get(i);
            if ((userId == null || identity.userId().equals(userId))
                    && (clientId == null || identity.clientId().equals(clientId))) {
                return Optional.of(identity);
            }
        }
        return Optional.empty();
    }

    /** Adds an identity. */
    public void add(StoredIdentity identity) {
        List<StoredIdentity> all = new ArrayList<>(list());
        all.add(identity);
        write(all);
    }

    /** Removes an identity (e.g. after the server said it is revoked). */
    public void remove(String mpinId) {
        write(list().stream()
                .filter(identity -> !identity.mpinId().equals(mpinId))
                .toList());
    }

    private void write(List<StoredIdentity> identities) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            if (!Files.exists(file)) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            JSON.writeValue(file.toFile(), identities);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write identity store " + file, e);
        }
    }
}
