package dev.zeropin.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityStoreTest {

    @TempDir
    Path directory;

    private static StoredIdentity identity(String mpinId, String userId, String clientId) {
        return new StoredIdentity(mpinId, "token", "hid", userId, clientId, "http://localhost:8081");
    }

    @Test
    void keepsIdentitiesInAFileOnlyItsOwnerCanRead() throws Exception {
        Path file = directory.resolve("ids/identities.json");
        IdentityStore store = new IdentityStore(file);

        store.add(identity("01", "a@example.com", "demo"));
        store.add(identity("02", "b@example.com", "demo"));

        assertThat(new IdentityStore(file).list())
                .extracting(StoredIdentity::mpinId)
                .containsExactly("01", "02");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void findsTheNewestIdentityOfAUserAndRemovesOne() {
        IdentityStore store = new IdentityStore(directory.resolve("identities.json"));
        store.add(identity("01", "a@example.com", "demo"));
        store.add(identity("02", "a@example.com", "demo"));
        store.add(identity("03", "a@example.com", "other"));

        assertThat(store.find("a@example.com", "demo"))
                .map(StoredIdentity::mpinId)
                .contains("02");
        assertThat(store.find(null, null)).map(StoredIdentity::mpinId).contains("03");
        store.remove("02");
        assertThat(store.find("a@example.com", "demo"))
                .map(StoredIdentity::mpinId)
                .contains("01");
        assertThat(store.find("nobody@example.com", null)).isEmpty();
    }
}
