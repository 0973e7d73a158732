package dev.zeropin.otp;

import static io.restassured.RestAssured.given;

import dev.zeropin.events.EventCodec;
import dev.zeropin.events.IdentityEvents.IdentityRegistered;
import dev.zeropin.events.IdentityEvents.IdentityRevoked;
import dev.zeropin.events.IdentityEvents.RevocationReason;
import dev.zeropin.events.ProjectEvents.DirectorySettings;
import dev.zeropin.events.ProjectEvents.ProjectCreated;
import dev.zeropin.events.ProjectEvents.ProjectSettings;
import dev.zeropin.events.ProjectEvents.ProjectUpdated;
import dev.zeropin.events.ProjectEvents.ReplyMessages;
import dev.zeropin.events.ProjectEvents.VerificationMethod;
import dev.zeropin.events.Topics;
import dev.zeropin.infra.KafkaBroker;
import dev.zeropin.infra.PostgresServer;
import dev.zeropin.infra.keys.KeyRing;
import dev.zeropin.mpin.Curve;
import dev.zeropin.mpin.Device;
import dev.zeropin.mpin.InvalidPointException;
import dev.zeropin.mpin.MasterSecret;
import dev.zeropin.mpin.MpinId;
import dev.zeropin.mpin.Wire;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/**
 * Test devices and projects for otp-service: identities issued with the test master secret (as
 * registration-service would), proofs computed with AMCL as the reference client does, projects
 * published on project-events as registration-service does.
 */
public final class Devices {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final EventCodec CODEC = new EventCodec();

    private Devices() {}

    /** An identity on a device: the id and the token for a PIN; the source address it calls from. */
    public record TestIdentity(MpinId id, byte[] token, int pin, String sourceAddress) {

        /** The same device typing another PIN. */
        public TestIdentity withPin(int otherPin) {
            return new TestIdentity(id, token, otherPin, sourceAddress);
        }
    }

    /** A new identity of {@code userId} in {@code clientId} whose PIN is {@code pin}. */
    public static TestIdentity enrol(KeyRing keys, String clientId, String userId, int pin) {
        return enrol(keys.masterSecret(), clientId, userId, pin);
    }

    /** A new identity issued by {@code master} (another master makes a forged identity). */
    public static TestIdentity enrol(MasterSecret master, String clientId, String userId, int pin) {
        MpinId id = MpinId.issue(clientId, userId, Instant.now(), RANDOM);
        byte[] token = Device.extractPin(id, master.clientSecret(id), pin);
        return new TestIdentity(id, token, pin, randomAddress());
    }

    /**
     * A new identity announced on identity-events as registration-service does; returns once
     * otp-service knows it.
     */
    public static TestIdentity register(
            KafkaBroker broker, PostgresServer postgres, KeyRing keys, String clientId, String userId, int pin) {
        TestIdentity identity = enrol(keys, clientId, userId, pin);
        IdentityRegistered registered =
                new IdentityRegistered(identity.id().hex(), clientId, userId, "test device", Instant.now());
        publish(
                broker,
                Topics.IDENTITY_EVENTS,
                CODEC.toJson(CODEC.envelope(registered, Instant.now())),
                registered.subject());
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> !postgres.query(
                                "otp",
                                "SELECT 1 FROM identity_state WHERE mpin_id = ?",
                                identity.id().hex())
                        .isEmpty());
        return identity;
    }

    /** A private address of its own, sent as X-Forwarded-For, so rate limits of tests do not mix. */
    public static String randomAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    /** Pass 1 and pass 2 with the identity's current PIN; the raw pass-2 response. */
    public static Response authenticate(TestIdentity identity) {
        return authenticate(identity, null);
    }

    /** Pass 1 and pass 2 for a purpose (null: an OTP; "manage", "admin-login": an assertion). */
    public static Response authenticate(TestIdentity identity, String purpose) {
        Device.Pass1 pass1 = Device.pass1(identity.id(), identity.token(), identity.pin(), RANDOM);
        Response challenge = pass1(identity, Wire.encode(pass1.u()));
        challenge.then().statusCode(200);
        byte[] y = decode(challenge.path("y"));
        Map<String, String> body = new java.util.HashMap<>();
        body.put("sessionId", challenge.path("sessionId"));
        body.put("v", Wire.encode(Device.pass2(pass1, y)));
        if (purpose != null) {
            body.put("purpose", purpose);
        }
        return given().contentType(ContentType.JSON)
                .header("X-Forwarded-For", identity.sourceAddress())
                .body(body)
                .post("/api/v1/authenticate/pass2");
    }

    /** The OTP of a successful authentication. */
    public static String obtainOtp(TestIdentity identity) {
        return authenticate(identity).then().statusCode(200).extract().path("otp");
    }

    public static Response pass1(TestIdentity identity, String u) {
        return given().contentType(ContentType.JSON)
                .header("X-Forwarded-For", identity.sourceAddress())
                .body(Map.of("mpinId", identity.id().hex(), "u", u))
                .post("/api/v1/authenticate/pass1");
    }

    public static Response pass2(TestIdentity identity, String sessionId, String v) {
        return given().contentType(ContentType.JSON)
                .header("X-Forwarded-For", identity.sourceAddress())
                .body(Map.of("sessionId", sessionId, "v", v))
                .post("/api/v1/authenticate/pass2");
    }

    /** Decodes base64url from a response. */
    public static byte[] decodeForTest(String text) {
        return decode(text);
    }

    static byte[] decode(String text) {
        try {
            return Wire.decode(text);
        } catch (InvalidPointException e) {
            throw new AssertionError(e);
        }
    }

    /** A new project published on project-events; returns once otp-service has its copy. */
    public static String createProject(
            KafkaBroker broker, PostgresServer postgres, int otpLength, int lifetimeSeconds, boolean enabled) {
        return createProject(broker, postgres, otpLength, lifetimeSeconds, enabled, null);
    }

    /** A new project with a company directory (null: none); returns once otp-service has its copy. */
    public static String createProject(
            KafkaBroker broker,
            PostgresServer postgres,
            int otpLength,
            int lifetimeSeconds,
            boolean enabled,
            DirectorySettings directory) {
        String clientId = "t-" + UUID.randomUUID().toString().substring(0, 8);
        ProjectSettings settings = new ProjectSettings(
                        "Test",
                        enabled,
                        otpLength,
                        lifetimeSeconds,
                        Set.of(VerificationMethod.EMAIL_CODE),
                        List.of(),
                        true,
                        true)
                .withDirectory(directory);
        publish(
                broker,
                Topics.PROJECT_EVENTS,
                CODEC.toJson(CODEC.envelope(new ProjectCreated(clientId, settings), Instant.now())),
                clientId);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> !postgres.query("otp", "SELECT 1 FROM project_copy WHERE client_id = ?", clientId)
                        .isEmpty());
        return clientId;
    }

    /** Publishes revision 1 of a project created by {@link #createProject} with other wording. */
    public static void updateProject(
            KafkaBroker broker, PostgresServer postgres, String clientId, ReplyMessages replyMessages) {
        ProjectSettings settings = new ProjectSettings(
                "Test", true, 6, 90, Set.of(VerificationMethod.EMAIL_CODE), List.of(), true, true, replyMessages);
        publish(
                broker,
                Topics.PROJECT_EVENTS,
                CODEC.toJson(CODEC.envelope(new ProjectUpdated(clientId, 1, settings), Instant.now())),
                clientId);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> !postgres.query(
                                "otp", "SELECT 1 FROM project_copy WHERE client_id = ? AND revision = 1", clientId)
                        .isEmpty());
    }

    /** Publishes a revocation as registration-service would. */
    public static void revoke(KafkaBroker broker, TestIdentity identity) {
        IdentityRevoked revoked = new IdentityRevoked(
                identity.id().hex(), identity.id().clientId(), identity.id().userId(), RevocationReason.ADMIN, "test");
        publish(
                broker,
                Topics.IDENTITY_EVENTS,
                CODEC.toJson(CODEC.envelope(revoked, Instant.now())),
                revoked.subject());
    }

    private static void publish(KafkaBroker broker, String topic, String value, String key) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new AssertionError("could not publish a test record", e);
        }
    }

    /** A G1 point of the curve outside the prime-order subgroup, encoded. */
    public static String pointOutsideSubgroup() {
        for (int x = 1; ; x++) {
            var candidate = new org.apache.milagro.amcl.BLS381.ECP(new org.apache.milagro.amcl.BLS381.BIG(x), 0);
            if (!candidate.is_infinity()) {
                try {
                    Curve.decodeG1(Curve.encodeG1(candidate));
                } catch (InvalidPointException e) {
                    return Wire.encode(Curve.encodeG1(candidate));
                }
            }
        }
    }

    /** A service token as the gateway signs it (role otp-verifier), for the internal verify calls. */
    public static String gatewayToken(KeyRing keys) {
        return keys.signingKey(KeyRing.GATEWAY_SIGNING)
                .signJwt(
                        "zeropin-radius-gateway",
                        "zeropin-otp-internal",
                        "radius-gateway",
                        List.of(dev.zeropin.internal.otp.InternalOtpApi.VERIFIER_ROLE),
                        Duration.ofMinutes(5),
                        Map.of());
    }
}
