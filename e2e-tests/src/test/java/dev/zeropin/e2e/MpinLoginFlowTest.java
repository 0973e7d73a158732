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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The M-Pin login end to end through the packaged services: register (code or link), PIN, OTP,
 * single-use verification, lockout across services, and no secret at rest or in any event.
 */
class MpinLoginFlowTest {

    @RegisterExtension
    static final ProductUnderTest product = ProductUnderTest.withGenerousLimits("mpin");

    @Test
    void registerByCodeThenTheOtpIsAcceptedOnce() {
        String userId = Users.newUserId();
        StoredIdentity identity = Users.register(product.stack(), userId, 2580);

        ZeroPinClient.Otp otp = Users.client(product.stack()).obtainOtp(identity, 2580);

        assertThat(otp.code()).matches("\\d{6}");
        assertThat(otp.expiresAt())
                .isBetween(Instant.now().plusSeconds(60), Instant.now().plusSeconds(91));
        assertThat(Users.verifyOverInternalApi(product.stack(), LocalStack.DEMO_PROJECT, userId, otp.code()))
                .isEqualTo("ACCEPT");
        assertThat(Users.verifyOverInternalApi(product.stack(), LocalStack.DEMO_PROJECT, userId, otp.code()))
                .isEqualTo("REJECT");
    }

    @Test
    void registerByTheEmailedLink() {
        String userId = Users.newUserId();
        ZeroPinClient client = Users.client(product.stack());
        ZeroPinClient.Registration registration = client.startRegistration(LocalStack.DEMO_PROJECT, userId);
        String linkToken = Users.linkTokenIn(Users.newestMail(product.stack(), userId, 1));

        StoredIdentity identity = ZeroPinClient.enrol(
                client.createIdentity(client.verifyLink(registration.registrationId(), linkToken), "e2e"), 1357);

        assertThat(client.obtainOtp(identity, 1357).code()).matches("\\d{6}");
    }

    @Test
    void twoWrongPinsLockTheIdentityAndAnnounceItWithoutRevokingIt() {
        String userId = Users.newUserId();
        StoredIdentity identity = Users.register(product.stack(), userId, 4444);
        // otp-service knows the identity once registration-service's identity.registered arrived
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !product.stack()
                        .postgres()
                        .query("otp", "SELECT 1 FROM identity_state WHERE mpin_id = ?", identity.mpinId())
                        .isEmpty());
        ZeroPinClient client = Users.client(product.stack());

        assertThatThrownBy(() -> client.obtainOtp(identity, 1111))
                .isInstanceOfSatisfying(
                        ZeroPinException.class,
                        e -> assertThat(e.attemptsLeft()).isEqualTo(1));
        assertThatThrownBy(() -> client.obtainOtp(identity, 1112))
                .isInstanceOfSatisfying(
                        ZeroPinException.class, e -> assertThat(e.code()).isEqualTo("identity_locked"));
        assertThatThrownBy(() -> client.obtainOtp(identity, 4444))
                .isInstanceOfSatisfying(
                        ZeroPinException.class, e -> assertThat(e.code()).isEqualTo("identity_locked"));

        try (TopicReader reader = TopicReader.of(product.stack().kafka().bootstrapServers(), Topics.AUTH_EVENTS)) {
            reader.await(
                    record -> record.key().equals(identity.mpinId())
                            && record.value().contains("\"identity.locked\""),
                    1,
                    Duration.ofSeconds(30));
        }
        assertThat(product.stack()
                        .postgres()
                        .query("registration", "SELECT state FROM identity WHERE mpin_id = ?", identity.mpinId()))
                .isEqualTo(List.of(Map.of("state", "ACTIVE")));
    }
}
