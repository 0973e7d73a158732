package dev.zeropin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zeropin.client.StoredIdentity;
import dev.zeropin.e2e.NasClients.Nas;
import dev.zeropin.e2e.RadiusTestClient.Answer;
import dev.zeropin.e2e.RadiusTestClient.Request;
import dev.zeropin.events.ProjectEvents.ReplyMessages;
import dev.zeropin.events.Topics;
import dev.zeropin.infra.local.ServiceProcess;
import dev.zeropin.infra.testing.TopicReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway when otp-service is slow or gone, against the packaged product: otp-service is made
 * slow for real by suspending its process ({@code SIGSTOP}, then {@code SIGCONT}), or stopped and
 * started again. Retransmissions are answered from the duplicate cache and verified once; a NAS
 * gets its answer within the deadline (2 s by default) and logins work again after recovery.
 */
class RadiusOutageTest {

    private static final Duration DEADLINE = Duration.ofSeconds(2);

    @RegisterExtension
    static final ProductUnderTest product = ProductUnderTest.withGenerousLimits("radius-outage");

    private static Nas local;

    @BeforeAll
    static void startProduct() {
        local = NasClients.local(product.stack());
    }

    private record UserWithOtp(String userId, String otp) {}

    private static UserWithOtp newUserWithOtp() {
        String userId = Users.newUserId();
        StoredIdentity identity = Users.register(product.stack(), userId, 9753);
        return new UserWithOtp(
                userId, Users.client(product.stack()).obtainOtp(identity, 9753).code());
    }

    private static RadiusTestClient nas() {
        return new RadiusTestClient(local.sourceAddress(), NasClients.authAddress(product.stack()), local.secret());
    }

    @Test
    void aRetransmissionWhileOtpServiceIsSlowIsVerifiedOnceAndAnsweredIdentically() throws Exception {
        UserWithOtp user = newUserWithOtp();
        try (RadiusTestClient nas = nas();
                TopicReader auth = TopicReader.of(product.stack().kafka().bootstrapServers(), Topics.AUTH_EVENTS)) {
            Request request = nas.papRequest(user.userId(), user.otp(), true, List.of());

            signal(product.stack().otp(), "STOP");
            try {
                nas.send(request.bytes());
                Thread.sleep(300);
                nas.send(request.bytes()); // the NAS retransmits while the first copy is in progress
                Thread.sleep(400);
            } finally {
                signal(product.stack().otp(), "CONT");
            }
            Map<Integer, List<Answer>> first = nas.receiveAll(List.of(request), Duration.ofSeconds(5));
            assertThat(nas.receiveAny(Duration.ofSeconds(1)))
                    .as("no answer to the copy that arrived in progress")
                    .isEmpty();
            nas.send(request.bytes()); // a late retransmission: answered from the cache
            Answer again = nas.receive(request, Duration.ofSeconds(2)).orElseThrow();

            assertThat(first.get(request.identifier())).hasSize(1);
            Answer answer = first.get(request.identifier()).get(0);
            assertThat(answer.code()).isEqualTo(RadiusMessage.ACCESS_ACCEPT);
            assertThat(again.bytes()).as("the same answer, byte for byte").isEqualTo(answer.bytes());
            List<String> verifications = auth
                    .collect(
                            r -> r.value().contains(user.userId())
                                    && (r.value().contains("\"otp.verified\"")
                                            || r.value().contains("\"otp.rejected\"")),
                            Duration.ofSeconds(3))
                    .stream()
                    .map(r -> r.value().contains("\"otp.verified\"") ? "verified" : "rejected")
                    .toList();
            assertThat(verifications).as("one verification").containsExactly("verified");
        }
    }

    @Test
    void aFrozenOtpServiceGetsTheNasAnAnswerWithinTheDeadlineThenLoginsWorkAgain() throws Exception {
        UserWithOtp frozen = newUserWithOtp();
        UserWithOtp later = newUserWithOtp();
        double failuresBefore =
                Metrics.sum(product.stack().gateway(), "zeropin_radius_otp_unavailable_total", Map.of());
        try (RadiusTestClient nas = nas()) {
            Answer answer;
            long elapsedMillis;
            signal(product.stack().otp(), "STOP");
            try {
                long start = System.nanoTime();
                answer = nas.exchange(
                                nas.papRequest(frozen.userId(), frozen.otp(), true, List.of()), Duration.ofSeconds(6))
                        .orElseThrow();
                elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            } finally {
                signal(product.stack().otp(), "CONT");
            }

            assertThat(answer.code()).isEqualTo(RadiusMessage.ACCESS_REJECT);
            assertThat(elapsedMillis).isBetween(DEADLINE.toMillis() - 200, DEADLINE.toMillis() + 1000);
            assertThat(answer.message().replyMessage()).isNotBlank().isNotEqualTo(ReplyMessages.DEFAULTS.reject());
            assertThat(Metrics.sum(product.stack().gateway(), "zeropin_radius_otp_unavailable_total", Map.of()))
                    .isGreaterThan(failuresBefore);

            Answer recovered = nas.exchange(
                            nas.papRequest(later.userId(), later.otp(), true, List.of()), Duration.ofSeconds(5))
                    .orElseThrow();
            assertThat(recovered.code()).isEqualTo(RadiusMessage.ACCESS_ACCEPT);
        }
    }

    @Test
    void aStoppedOtpServiceGetsAQuickRejectThenLoginsWorkAfterItsRestart() {
        UserWithOtp user = newUserWithOtp();
        try (RadiusTestClient nas = nas()) {
            product.stack().otp().stop();
            try {
                long start = System.nanoTime();
                Answer answer = nas.exchange(
                                nas.papRequest(user.userId(), user.otp(), true, List.of()), Duration.ofSeconds(5))
                        .orElseThrow();
                long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

                assertThat(answer.code()).isEqualTo(RadiusMessage.ACCESS_REJECT);
                assertThat(elapsedMillis).isLessThanOrEqualTo(DEADLINE.toMillis() + 500);
                assertThat(answer.message().replyMessage()).isNotBlank();
            } finally {
                product.stack().otp().start();
                product.stack().otp().awaitReady(Duration.ofSeconds(90));
            }

            // The restarted JVM is cold: its first verification can miss the gateway's deadline (and
            // still consume the OTP). The NAS asks again from the same session (Calling-Station-Id, as
            // VPN servers send it), which the retry window accepts (docs/radius.md); at most 5 tries.
            List<RadiusMessage.Attribute> session = List.of(RadiusMessage.Attribute.text(31, "203.0.113.51"));
            Answer recovered = null;
            for (int attempt = 0;
                    attempt < 5 && (recovered == null || recovered.code() != RadiusMessage.ACCESS_ACCEPT);
                    attempt++) {
                recovered = nas.exchange(
                                nas.papRequest(user.userId(), user.otp(), true, session), Duration.ofSeconds(5))
                        .orElseThrow();
            }
            assertThat(recovered.code()).as(recovered.message().replyMessage()).isEqualTo(RadiusMessage.ACCESS_ACCEPT);
        }
    }

    /** Sends {@code SIGSTOP} or {@code SIGCONT} to a service's process. */
    private static void signal(ServiceProcess service, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(service.pid()))
                    .redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -" + signal + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
