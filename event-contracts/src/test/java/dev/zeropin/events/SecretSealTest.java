package dev.zeropin.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.zeropin.events.RadiusClientEvents.RadiusClientDeleted;
import dev.zeropin.events.RadiusClientEvents.RadiusClientUpserted;
import dev.zeropin.events.RadiusClientEvents.SealedSecret;
import dev.zeropin.events.SecretSeal.ClientFields;
import java.time.Instant;
import java.util.List;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class SecretSealTest {

    private static final EventCodec CODEC = new EventCodec();

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
        // another first character, whatever the random one was (replacing it by "A" left one in 64 unchanged)
        char first = sealed.ciphertext().charAt(0);
        SealedSecret tampered = new SealedSecret(
                sealed.nonce(), (first == 'A' ? "B" : "A") + sealed.ciphertext().substring(1));

        assertThatThrownBy(() -> SecretSeal.open(key, "nas-2", sealed)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SecretSeal.open(newKey(), "nas-1", sealed))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SecretSeal.open(key, "nas-1", tampered)).isInstanceOf(IllegalArgumentException.class);
    }

    private static final ClientFields FIELDS = new ClientFields(
            "nas-1", "vpn-a", "192.0.2.10/32", "project-a", true, Instant.parse("2026-12-01T10:00:00Z"), 3);

    @Test
    void opensTheSecretsOfAnEventAsSealed() throws Exception {
        SecretKey key = newKey();

        RadiusClientUpserted event = SecretSeal.sealEvent(key, FIELDS, "the current secret", "the previous secret");

        assertThat(event.address()).isEqualTo("192.0.2.10/32");
        assertThat(SecretSeal.openEvent(key, event))
                .isEqualTo(new SecretSeal.OpenedSecrets("the current secret", "the previous secret"));
    }

    /** Issue 16, item 4: a producer on the topic replays a sealed secret with changed fields. */
    @Test
    void refusesAnEventReplayedWithAnyFieldChanged() throws Exception {
        SecretKey key = newKey();
        RadiusClientUpserted sealed = SecretSeal.sealEvent(key, FIELDS, "the current secret", "the previous secret");
        RadiusClientUpserted swapped = replayed(sealed, "secret", json(sealed.previousSecret()));
        List<RadiusClientUpserted> replays = List.of(
                replayed(sealed, "id", TextNode.valueOf("nas-2")),
                replayed(sealed, "name", TextNode.valueOf("other-name")),
                replayed(sealed, "address", TextNode.valueOf("0.0.0.0/0")),
                replayed(sealed, "clientId", TextNode.valueOf("project-b")),
                replayed(sealed, "requireMessageAuthenticator", BooleanNode.FALSE),
                replayed(sealed, "previousSecretValidUntil", TextNode.valueOf("2030-01-01T00:00:00Z")),
                replayed(sealed, "revision", LongNode.valueOf(103)),
                replayed(swapped, "previousSecret", json(sealed.secret())));

        for (RadiusClientUpserted replayed : replays) {
            assertThatThrownBy(() -> SecretSeal.openEvent(key, replayed))
                    .as("%s", replayed)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> SecretSeal.openEvent(newKey(), sealed)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDeletionOpensOnlyForItsFieldsAndKey() throws Exception {
        SecretKey key = newKey();
        RadiusClientDeleted deleted = SecretSeal.sealDeletion(key, "nas-1", "vpn-a", 4);

        SecretSeal.verifyDeletion(key, deleted);
        for (RadiusClientDeleted forged : List.of(
                new RadiusClientDeleted("nas-2", "vpn-a", 4, deleted.seal()),
                new RadiusClientDeleted("nas-1", "vpn-a", 5, deleted.seal()),
                new RadiusClientDeleted("nas-1", "vpn-a", 4, null))) {
            assertThatThrownBy(() -> SecretSeal.verifyDeletion(key, forged))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> SecretSeal.verifyDeletion(newKey(), deleted))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeyFileWithTwoKeysSealsWithTheFirstAndOpensWithEither() throws Exception {
        SecretKey oldKey = newKey();
        SecretKey newKey = newKey();
        java.util.Base64.Encoder encoder = java.util.Base64.getUrlEncoder().withoutPadding();
        NasSecretKeys keys = NasSecretKeys.parse(encoder.encodeToString(newKey.getEncoded()) + "\n"
                + encoder.encodeToString(oldKey.getEncoded()) + "\n");
        SealedSecret underOld = SecretSeal.seal(oldKey, "nas-1", "a secret");

        assertThat(keys.size()).isEqualTo(2);
        assertThat(keys.sealing().getEncoded()).isEqualTo(newKey.getEncoded());
        String opened = keys.open(key -> SecretSeal.open(key, "nas-1", underOld));
        assertThat(opened).isEqualTo("a secret");
        assertThat(keys.opensWithSealingKey(key -> SecretSeal.open(key, "nas-1", underOld)))
                .isFalse();
        assertThatThrownBy(() -> NasSecretKeys.parse("not a key")).isInstanceOf(IllegalArgumentException.class);
    }

    /** The event as a producer on the topic would replay it: its JSON with one field changed. */
    private static RadiusClientUpserted replayed(RadiusClientUpserted event, String field, JsonNode value) {
        EventEnvelope envelope = CODEC.envelope(event, Instant.now());
        ((ObjectNode) envelope.payload()).set(field, value);
        return (RadiusClientUpserted)
                CODEC.payload(CODEC.fromJson(CODEC.toJson(envelope))).orElseThrow();
    }

    private static JsonNode json(SealedSecret sealed) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("nonce", sealed.nonce())
                .put("ciphertext", sealed.ciphertext());
    }
}
