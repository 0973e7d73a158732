package dev.zeropin.registration.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.zeropin.events.EventCodec;
import dev.zeropin.events.NasSecretKeys;
import dev.zeropin.events.RadiusClientEvents.RadiusClientUpserted;
import dev.zeropin.events.RadiusClientEvents.SealedSecret;
import dev.zeropin.events.SecretSeal;
import dev.zeropin.events.Topics;
import dev.zeropin.infra.KafkaBroker;
import dev.zeropin.infra.PostgresServer;
import dev.zeropin.infra.keys.KeyRing;
import dev.zeropin.infra.testing.InjectKafkaBroker;
import dev.zeropin.infra.testing.InjectKeys;
import dev.zeropin.infra.testing.InjectPostgres;
import dev.zeropin.infra.testing.KeysResource;
import dev.zeropin.infra.testing.TopicReader;
import dev.zeropin.registration.RegistrationTestResources;
import dev.zeropin.registration.Registrations;
import dev.zeropin.registration.service.RadiusClientService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@RegistrationTestResources
class AdminRadiusClientResourceTest {

    private static final String CLIENTS = "/api/v1/admin/radius-clients";

    @Inject
    RadiusClientService radiusClients;

    @InjectKeys
    KeyRing keys;

    @InjectKafkaBroker
    KafkaBroker broker;

    @InjectPostgres
    PostgresServer postgres;

    private String clientId;

    @BeforeEach
    void project() {
        clientId = Registrations.createProject(keys, Map.of());
    }

    private RequestSpecification asAdmin() {
        return given().auth()
                .oauth2(keys.adminToken("ops@example.com", Duration.ofMinutes(5)))
                .contentType(ContentType.JSON);
    }

    private static String name() {
        return "vpn-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Response create(String name, String address) {
        return asAdmin()
                .body(Map.of("name", name, "address", address, "clientId", clientId))
                .post(CLIENTS);
    }

    private SecretKeySpec nasKey() throws Exception {
        return new SecretKeySpec(
                Base64.getUrlDecoder()
                        .decode(Files.readString(keys.file(KeyRing.NAS_SECRET_KEY))
                                .strip()),
                "AES");
    }

    @Test
    void createsAClientWithAStrongSecretShownOnceAndDeliveredSealed() throws Exception {
        String name = name();

        Response created = create(name, "192.0.2.10");

        created.then()
                .statusCode(201)
                .header("Cache-Control", "no-store")
                .body("client.address", equalTo("192.0.2.10/32"))
                .body("client.requireMessageAuthenticator", equalTo(true))
                .body("client.source", equalTo("console"));
        String secret = created.path("secret");
        String id = created.path("client.id");
        assertThat(secret).hasSize(32).matches("[A-Za-z0-9]+");
        asAdmin()
                .get(CLIENTS)
                .then()
                .statusCode(200)
                .body("name", hasItem(name))
                .body(not(org.hamcrest.Matchers.containsString(secret)));
        String row = (String) postgres.query(
                        "registration",
                        "SELECT row_to_json(c)::text AS r FROM radius_client c" + " WHERE name = ?",
                        name)
                .get(0)
                .get("r");
        assertThat(row).doesNotContain(secret);
        try (TopicReader reader = TopicReader.of(broker.bootstrapServers(), Topics.RADIUS_CLIENT_EVENTS)) {
            var records = reader.await(record -> id.equals(record.key()), 1, Duration.ofSeconds(30));
            assertThat(records.get(0).value()).doesNotContain(secret);
            EventCodec codec = new EventCodec();
            RadiusClientUpserted event = (RadiusClientUpserted)
                    codec.payload(codec.fromJson(records.get(0).value())).orElseThrow();
            assertThat(SecretSeal.openEvent(nasKey(), event).secret()).isEqualTo(secret);
            assertThat(event.clientId()).isEqualTo(clientId);
        }
    }

    @Test
    void rotatesTheSecretKeepingTheOldOneForTheOverlap() throws Exception {
        Response created = create(name(), "10.1.0.0/16");
        String id = created.path("client.id");
        String first = created.path("secret");

        Response rotated = asAdmin().body(Map.of("overlapSeconds", 3600)).post(CLIENTS + "/" + id + "/rotation");

        rotated.then()
                .statusCode(200)
                .body("client.previousSecretValidUntil", notNullValue())
                .body("client.revision", equalTo(2));
        assertThat(rotated.<String>path("secret")).hasSize(32).isNotEqualTo(first);
        try (TopicReader reader = TopicReader.of(broker.bootstrapServers(), Topics.RADIUS_CLIENT_EVENTS)) {
            var records = reader.await(record -> id.equals(record.key()), 2, Duration.ofSeconds(30));
            EventCodec codec = new EventCodec();
            RadiusClientUpserted event = (RadiusClientUpserted)
                    codec.payload(codec.fromJson(records.get(1).value())).orElseThrow();
            assertThat(SecretSeal.openEvent(nasKey(), event))
                    .isEqualTo(new SecretSeal.OpenedSecrets(rotated.<String>path("secret"), first));
        }
    }

    /**
     * Issue 16, item 12: this service runs mid-rotation (KeysResource: the new key first, an older one
     * second). A secret still sealed with the older key is sealed again under the new one, at rest
     * and in a new revision of its event.
     */
    @Test
    void resealsSecretsSealedWithTheOldKeyUnderTheNewOne() throws Exception {
        Response created = create(name(), "192.0.2.41");
        String id = created.path("client.id");
        String secret = created.path("secret");
        List<String> lines =
                Files.readAllLines(keys.directory().resolve(KeysResource.ROTATING_NAS_SECRET_KEYS)).stream()
                        .filter(line -> !line.isBlank())
                        .toList();
        SecretKey oldKey = NasSecretKeys.parse(lines.get(1)).sealing();
        SealedSecret underOld = SecretSeal.seal(oldKey, id, secret);
        postgres.execute(
                "registration",
                "UPDATE radius_client SET secret_nonce = '" + underOld.nonce() + "', secret_ciphertext = '"
                        + underOld.ciphertext() + "' WHERE id = '" + id + "'");

        asAdmin().post(CLIENTS + "/resealing").then().statusCode(200).body("resealed", greaterThan(0));

        Map<String, Object> row = postgres.query(
                        "registration",
                        "SELECT secret_nonce, secret_ciphertext, revision FROM radius_client WHERE id = ?::uuid",
                        id)
                .get(0);
        SealedSecret atRest = new SealedSecret((String) row.get("secret_nonce"), (String) row.get("secret_ciphertext"));
        assertThat(SecretSeal.open(nasKey(), id, atRest)).isEqualTo(secret);
        assertThatThrownBy(() -> SecretSeal.open(oldKey, id, atRest)).isInstanceOf(IllegalArgumentException.class);
        try (TopicReader reader = TopicReader.of(broker.bootstrapServers(), Topics.RADIUS_CLIENT_EVENTS)) {
            var records = reader.await(record -> id.equals(record.key()), 2, Duration.ofSeconds(30));
            EventCodec codec = new EventCodec();
            RadiusClientUpserted event = (RadiusClientUpserted)
                    codec.payload(codec.fromJson(records.get(1).value())).orElseThrow();
            assertThat(event.revision()).isEqualTo(((Number) row.get("revision")).longValue());
            assertThat(SecretSeal.openEvent(nasKey(), event).secret()).isEqualTo(secret);
        }
    }

    /** Clients last published before every field was bound to the seal are published again at start. */
    @Test
    void publishesClientsSealedInTheOldFormAgain() throws Throwable {
        Response created = create(name(), "192.0.2.40");
        String id = created.path("client.id");
        postgres.execute("registration", "UPDATE radius_client SET seal_version = 1 WHERE id = '" + id + "'");

        int republished = VertxContextSupport.subscribeAndAwait(radiusClients::republishOutdated);

        assertThat(republished).isPositive();
        assertThat(VertxContextSupport.<Integer>subscribeAndAwait(radiusClients::republishOutdated))
                .isZero();
        try (TopicReader reader = TopicReader.of(broker.bootstrapServers(), Topics.RADIUS_CLIENT_EVENTS)) {
            var records = reader.await(record -> id.equals(record.key()), 2, Duration.ofSeconds(30));
            EventCodec codec = new EventCodec();
            RadiusClientUpserted event = (RadiusClientUpserted)
                    codec.payload(codec.fromJson(records.get(1).value())).orElseThrow();
            assertThat(event.revision()).isEqualTo(2);
            assertThat(SecretSeal.openEvent(nasKey(), event).secret()).isEqualTo(created.<String>path("secret"));
        }
    }

    @Test
    void changesAndDeletesAClient() {
        String id = create(name(), "192.0.2.20").path("client.id");

        asAdmin()
                .body(Map.of("requireMessageAuthenticator", false, "address", "2001:db8::/48"))
                .patch(CLIENTS + "/" + id)
                .then()
                .statusCode(200)
                .body("requireMessageAuthenticator", equalTo(false))
                .body("address", equalTo("2001:db8:0:0:0:0:0:0/48"));
        asAdmin().delete(CLIENTS + "/" + id).then().statusCode(204);
        asAdmin().delete(CLIENTS + "/" + id).then().statusCode(404).body("code", equalTo("radius_client_not_found"));
    }

    private Response createLegacy(String address) {
        return asAdmin()
                .body(Map.of(
                        "name", name(), "address", address, "clientId", clientId, "requireMessageAuthenticator", false))
                .post(CLIENTS);
    }

    /** Issue 16, item 3: no legacy client wider than /16 (IPv6 /48), whoever asks. */
    @Test
    void refusesWideRangesForLegacyClients() {
        for (String address : List.of("0.0.0.0/0", "10.0.0.0/15", "::/0", "2001:db8::/47")) {
            createLegacy(address).then().statusCode(400).body("errors[0].field", equalTo("address"));
        }
        createLegacy("10.99.0.0/16").then().statusCode(201);
        String wide = create(name(), "172.16.0.0/12").path("client.id");
        asAdmin()
                .body(Map.of("requireMessageAuthenticator", false))
                .patch(CLIENTS + "/" + wide)
                .then()
                .statusCode(400);
    }

    /** Overlapping another project's client needs the operator's explicit allowOverlap. */
    @Test
    void refusesOverlapWithAnotherProjectUnlessAllowed() {
        create(name(), "192.0.2.128/25").then().statusCode(201);
        String other = Registrations.createProject(keys, Map.of());
        Map<String, Object> inOther =
                new java.util.HashMap<>(Map.of("name", name(), "address", "192.0.2.200", "clientId", other));

        asAdmin()
                .body(inOther)
                .post(CLIENTS)
                .then()
                .statusCode(409)
                .body("code", equalTo("radius_client_range_overlaps"));
        create(name(), "192.0.2.200").then().statusCode(201);
        inOther.put("allowOverlap", true);
        asAdmin().body(inOther).post(CLIENTS).then().statusCode(201);
    }

    @Test
    void refusesBadAddressesNamesProjectsAndDuplicates() {
        String name = name();
        create(name, "192.0.2.30").then().statusCode(201);

        create(name, "192.0.2.31").then().statusCode(409).body("code", equalTo("radius_client_exists"));
        create(name(), "vpn.example.com").then().statusCode(400).body("errors[0].field", equalTo("address"));
        create(name(), "192.0.2.1/33").then().statusCode(400);
        // stored as the gateway matches it: host bits cleared
        create(name(), "203.0.113.77/24").then().statusCode(201).body("client.address", equalTo("203.0.113.0/24"));
        create("bad name!", "192.0.2.1").then().statusCode(400).body("errors[0].field", equalTo("name"));
        asAdmin()
                .body(Map.of("name", name(), "address", "192.0.2.1", "clientId", "no-such"))
                .post(CLIENTS)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("clientId"));
        given().get(CLIENTS).then().statusCode(401);
    }
}
