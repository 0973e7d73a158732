package dev.zeropin.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.zeropin.client.StoredIdentity;
import dev.zeropin.client.ZeroPinClient;
import dev.zeropin.client.ZeroPinException;
import dev.zeropin.events.Topics;
import dev.zeropin.infra.local.LocalStack;
import dev.zeropin.infra.testing.TopicReader;
import dev.zeropin.mpin.Wire;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The M-Pin login end to end through the packaged services: register (code or link), PIN, OTP,
 * single-use verification, lockout across services, and no secret at rest or in any event.
 */
class MpinLoginFlowTest {

    private static LocalStack stack;

    @BeforeAll
    static void startProduct() {
        stack = new LocalStack(Stacks.freshOptions("mpin").withEnvironment(Stacks.generousLimits())).start();
    }

    @AfterAll
    static void stopProduct() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void registerByCodeThenTheOtpIsAcceptedOnce() {
        String userId = Users.newUserId();
        StoredIdentity identity = Users.register(stack, userId, 2580);

        ZeroPinClient.Otp otp = Users.client(stack).obtainOtp(identity, 2580);

        assertThat(otp.code()).matches("\\d{6}");
        assertThat(otp.expiresAt())
                .isBetween(Instant.now().plusSeconds(60), Instant.now().plusSeconds(91));
        assertThat(Users.verifyOverInternalApi(stack, LocalStack.DEMO_PROJECT, userId, otp.code()))
                .isEqualTo("ACCEPT");
        assertThat(Users.verifyOverInternalApi(stack, LocalStack.DEMO_PROJECT, userId, otp.code()))
                .isEqualTo("REJECT");
    }

    @Test
    void registerByTheEmailedLink() {
        String userId = Users.newUserId();
        ZeroPinClient client = Users.client(stack);
        ZeroPinClient.Registration registration = client.startRegistration(LocalStack.DEMO_PROJECT, userId);
        String linkToken = Users.linkTokenIn(Users.newestMail(stack, userId, 1));

        StoredIdentity identity = ZeroPinClient.enrol(
                client.createIdentity(client.verifyLink(registration.registrationId(), linkToken), "e2e"), 1357);

        assertThat(client.obtainOtp(identity, 1357).code()).matches("\\d{6}");
    }

    @Test
    void threeWrongPinsRevokeTheIdentityInBothServices() {
        String userId = Users.newUserId();
        StoredIdentity identity = Users.register(stack, userId, 4444);
        ZeroPinClient client = Users.client(stack);

        assertThatThrownBy(() -> client.obtainOtp(identity, 1111))
                .isInstanceOfSatisfying(
                        ZeroPinException.class,
                        e -> assertThat(e.attemptsLeft()).isEqualTo(2));
        assertThatThrownBy(() -> client.obtainOtp(identity, 1112))
                .isInstanceOfSatisfying(
                        ZeroPinException.class,
                        e -> assertThat(e.attemptsLeft()).isEqualTo(1));
        assertThatThrownBy(() -> client.obtainOtp(identity, 1113))
                .isInstanceOfSatisfying(
                        ZeroPinException.class, e -> assertThat(e.code()).isEqualTo("identity_revoked"));
        assertThatThrownBy(() -> client.obtainOtp(identity, 4444))
                .isInstanceOfSatisfying(
                        ZeroPinException.class, e -> assertThat(e.code()).isEqualTo("identity_revoked"));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> stack.postgres()
                        .query("registration", "SELECT state FROM identity WHERE mpin_id = ?", identity.mpinId())
                        .equals(List.of(Map.of("state", "REVOKED"))));
    }

    @Test
    void noSecretIsStoredInAnyTableOrCarriedByAnyEvent() throws Exception {
        String userId = Users.newUserId();
        ZeroPinClient client = Users.client(stack);
        ZeroPinClient.Registration registration = client.startRegistration(LocalStack.DEMO_PROJECT, userId);
        String mail = Users.newestMail(stack, userId, 1);
        String code = Users.codeIn(mail);
        String linkToken = Users.linkTokenIn(mail);
        String activation = client.verifyCode(registration.registrationId(), code);
        ZeroPinClient.IssuedIdentity issued = client.createIdentity(activation, "e2e");
        byte[] clientSecret = issued.clientSecret().clone();
        StoredIdentity identity = ZeroPinClient.enrol(issued, 9137);
        String otp = client.obtainOtp(identity, 9137).code();
        assertThat(Users.verifyOverInternalApi(stack, LocalStack.DEMO_PROJECT, userId, otp))
                .isEqualTo("ACCEPT");
        String secondOtp = client.obtainOtp(identity, 9137).code();

        List<String> secrets = List.of(
                Wire.encode(clientSecret),
                HexFormat.of().formatHex(clientSecret, 1, 49),
                identity.token(),
                activation,
                linkToken,
                "\"" + code + "\"",
                "\"" + otp + "\"",
                "\"" + secondOtp + "\"",
                "9137");
        String tables = dumpTables("registration") + dumpTables("otp");
        String events;
        try (TopicReader auth = TopicReader.of(stack.kafka().bootstrapServers(), Topics.AUTH_EVENTS);
                TopicReader identities = TopicReader.of(stack.kafka().bootstrapServers(), Topics.IDENTITY_EVENTS);
                TopicReader projects = TopicReader.of(stack.kafka().bootstrapServers(), Topics.PROJECT_EVENTS)) {
            auth.await(
                    record -> record.value().contains("\"otp.verified\"")
                            && record.value().contains(userId),
                    1,
                    Duration.ofSeconds(30));
            events = String.join(
                    "\n",
                    List.of(
                            values(auth.collect(record -> true, Duration.ofSeconds(1))),
                            values(identities.collect(record -> true, Duration.ofSeconds(1))),
                            values(projects.collect(record -> true, Duration.ofSeconds(1)))));
        }

        assertThat(tables).contains(identity.mpinId());
        assertThat(events).contains(identity.mpinId(), "\"otp.issued\"", "\"identity.registered\"");
        for (String secret : secrets) {
            assertThat(tables).as("tables hold %s", secret).doesNotContain(secret);
            assertThat(events).as("events hold %s", secret).doesNotContain(secret);
        }
    }

    private static String values(List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> records) {
        return records.stream()
                .map(org.apache.kafka.clients.consumer.ConsumerRecord::value)
                .collect(Collectors.joining("\n"));
    }

    private static String dumpTables(String database) {
        return stack
                .postgres()
                .query(
                        database,
                        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                                + " AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'flyway%'")
                .stream()
                .map(row -> (String) row.get("table_name"))
                .flatMap(
                        table -> stack
                                .postgres()
                                .query(database, "SELECT row_to_json(t)::text AS row FROM \"" + table + "\" t")
                                .stream())
                .map(row -> (String) row.get("row"))
                .collect(Collectors.joining("\n"));
    }
}
