package dev.zeropin.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zeropin.events.RadiusClientEvents.SealedSecret;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class SecretSealTest {

    private static SecretKey newKey() throws Exception {
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        return generator.generateKey();
    }

    @Test
    void opensWhatItSealedForTheSameClient() throws Exception {
        SecretKey key = newKey();

        SealedSecret sealed = SecretSeal.seal(key, "nas-1", "a shared secret of 32 characters");

        assertThat(sealed.ciphertext()).doesNotContain("shared");
        assertThat(SecretSeal.open(key, "nas-1", sealed)).isEqualTo("a shared secret of 32 characters");
    }

    @Test
    void refusesAnotherClientAnotherKeyAndTampering() throws Exception {
        SecretKey key = newKey();
        SealedSecret sealed = SecretSeal.seal(key, "nas-1", "a shared secret of 32 characters");
        SealedSecret tampered =
                new SealedSecret(sealed.nonce(), "A" + sealed.ciphertext().substring(1));

        assertThatThrownBy(() -> SecretSeal.open(key, "nas-2", sealed)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SecretSeal.open(newKey(), "nas-1", sealed))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SecretSeal.open(key, "nas-1", tampered)).isInstanceOf(IllegalArgumentException.class);
    }
}
