package dev.zeropin.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zeropin.client.StoredIdentity;
import dev.zeropin.client.ZeroPinClient;
import dev.zeropin.client.ZeroPinException;
import dev.zeropin.e2e.NasClients.Nas;
import dev.zeropin.e2e.RadiusTestClient.Answer;
import dev.zeropin.e2e.RadiusTestClient.Request;
import dev.zeropin.events.Topics;
import dev.zeropin.infra.local.LocalStack;
import dev.zeropin.infra.local.LocalStackOptions;
import dev.zeropin.infra.local.ServiceProcess;
import dev.zeropin.infra.testing.Concurrently;
import dev.zeropin.infra.testing.TopicReader;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Races against the packaged product: one OTP sent through two gateway replicas at once, wrong
 * PINs in parallel on one identity, one User ID registered many times at once. Each test logs and
 * asserts its figures; {@code -Plong} repeats them with more load.
 */
class RaceTest {

    private static final Logger LOG = Logger.getLogger(RaceTest.class);
    private static final int PIN = 2468;

    @RegisterExtension
    static final ProductUnderTest product = ProductUnderTest.withGenerousLimits("races");

    private static ServiceProcess secondGateway;
    private static InetSocketAddress secondAuth;
    private static Nas local;

    @BeforeAll
    static void startProduct() {
        int auth = LocalStackOptions.freeUdpPort();
        secondGateway =
                product.stack().startExtraGateway(LocalStackOptions.freePort(), auth, LocalStackOptions.freeUdpPort());
        secondAuth = new InetSocketAddress("127.0.0.1", auth);
        local = NasClients.local(product.stack());
    }

    @Test
    void oneOtpSentThroughTwoGatewaysAtOnceIsAcceptedExactlyOnce() throws Exception {
        int rounds = LongRuns.size(1, 10);
        int perGateway = 50;
        warmUp(NasClients.authAddress(product.stack()));
        warmUp(secondAuth);
        for (int round = 1; round <= rounds; round++) {
            String userId = Users.newUserId();
            StoredIdentity identity = Users.register(product.stack(), userId, PIN);
            String otp = Users.client(product.stack()).obtainOtp(identity, PIN).code();
            try (RadiusTestClient first = new RadiusTestClient(
                            local.sourceAddress(), NasClients.authAddress(product.stack()), local.secret());
                    RadiusTestClient second = new RadiusTestClient(local.sourceAddress(), secondAuth, local.secret())) {
                List<Request> viaFirst = new ArrayList<>();
                List<Request> viaSecond = new ArrayList<>();
                for (int i = 0; i < perGateway; i++) {
                    viaFirst.add(first.papRequest(userId, otp, true, List.of()));
                    viaSecond.add(second.papRequest(userId, otp, true, List.of()));
                }
                long start = System.nanoTime();
                List<Answer> answers = new ArrayList<>();
                Concurrently.runAll(List.of(sendAll(first, viaFirst), sendAll(second, viaSecond)))
                        .forEach(byRequest -> byRequest.values().forEach(answers::addAll));
                long millis = (System.nanoTime() - start) / 1_000_000;
                long accepts = answers.stream()
                        .filter(x -> x.code() == RadiusMessage.ACCESS_ACCEPT)
                        .count();
                long rejects = answers.stream()
                        .filter(x -> x.code() == RadiusMessage.ACCESS_REJECT)
                        .count();
                String figure =
                        "round %d: %d requests (%d per gateway, 2 gateways), %d Accept, %d Reject, %d unanswered, %d ms"
                                .formatted(
                                        round,
                                        2 * perGateway,
                                        perGateway,
                                        accepts,
                                        rejects,
                                        2 * perGateway - answers.size(),
                                        millis);
                LOG.info(figure);
                assertThat(accepts).as(figure).isLessThanOrEqualTo(1);
                assertThat(answers).as(figure).hasSize(2 * perGateway);
                // One user's verifications run one at a time; on a slow machine every copy may
                // pass the gateway's deadline, and otp-service then rolls the consumption back.
                // Single use still holds: the OTP is accepted exactly once in all.
                Optional<Answer> after =
                        first.exchange(first.papRequest(userId, otp, true, List.of()), Duration.ofSeconds(10));
                long total = accepts + (after.isPresent() && after.get().code() == RadiusMessage.ACCESS_ACCEPT ? 1 : 0);
                LOG.info("round %d: the same OTP once more afterwards: %s"
                        .formatted(
                                round,
                                after.map(x -> x.code() == RadiusMessage.ACCESS_ACCEPT ? "Accept" : "Reject")
                                        .orElse("no answer")));
                assertThat(total).as(figure + ", then once more").isEqualTo(1);
            }
        }
    }

    /** A few logins through one gateway, so that the race meets warm JVMs as in production. */
    private static void warmUp(InetSocketAddress gateway) {
        for (int i = 0; i < 3; i++) {
            String userId = Users.newUserId();
            StoredIdentity identity = Users.register(product.stack(), userId, PIN);
            String otp = Users.client(product.stack()).obtainOtp(identity, PIN).code();
            try (RadiusTestClient nas = new RadiusTestClient(local.sourceAddress(), gateway, local.secret())) {
                nas.exchange(nas.papRequest(userId, otp, true, List.of()), Duration.ofSeconds(6));
            }
        }
    }

    private static Callable<Map<Integer, List<Answer>>> sendAll(RadiusTestClient nas, List<Request> requests) {
        return () -> {
            for (Request request : requests) {
                nas.send(request.bytes());
            }
            return nas.receiveAll(requests, Duration.ofSeconds(20));
        };
    }

    @Test
    void parallelWrongPinsCountAtMostTwoFailuresThenTheIdentityIsLocked() throws Exception {
        int rounds = LongRuns.size(1, 5);
        int attempts = LongRuns.size(12, 30);
        for (int round = 1; round <= rounds; round++) {
            String userId = Users.newUserId();
            StoredIdentity identity = Users.register(product.stack(), userId, PIN);
            // otp-service knows the identity once registration-service's identity.registered arrived
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !product.stack()
                            .postgres()
                            .query("otp", "SELECT 1 FROM identity_state WHERE mpin_id = ?", identity.mpinId())
                            .isEmpty());
            Map<String, Long> outcomes = tally(Concurrently.run(attempts, i -> {
                ZeroPinClient client = Users.client(product.stack());
                int wrongPin = 1000 + i;
                return () -> {
                    try {
                        client.obtainOtp(identity, wrongPin);
                        return "otp";
                    } catch (ZeroPinException e) {
                        return e.code();
                    }
                };
            }));
            String afterwards;
            try {
                Users.client(product.stack()).obtainOtp(identity, PIN);
                afterwards = "otp";
            } catch (ZeroPinException e) {
                afterwards = e.code();
            }
            long checks = events(userId, "authentication.pin-failed");
            long locked = events(userId, "identity.locked");
            String figure =
                    ("round %d: %d parallel wrong PINs -> answers %s; %d PIN checks counted (pin-failed events),"
                                    + " %d identity.locked; the right PIN afterwards -> %s")
                            .formatted(round, attempts, outcomes, checks, locked, afterwards);
            LOG.info(figure);
            assertThat(checks).as(figure).isBetween(1L, 2L);
            assertThat(locked).as(figure).isEqualTo(1);
            assertThat(outcomes).as(figure).doesNotContainKey("otp");
            assertThat(afterwards).as(figure).isEqualTo("identity_locked");
            List<Map<String, Object>> state = product.stack()
                    .postgres()
                    .query(
                            "otp",
                            "SELECT failures, revoked_at FROM identity_state WHERE mpin_id = ?",
                            identity.mpinId());
            assertThat(state).as(figure).hasSize(1);
            assertThat(state.get(0).get("revoked_at")).as(figure).isNull();
            assertThat(((Number) state.get(0).get("failures")).intValue())
                    .as(figure)
                    .isLessThanOrEqualTo(2);
        }
    }

    /**
     * Events of one type about one user that otp-service published on auth-events (read from the
     * topic: the outbox keeps an event only until it is published).
     */
    private static long events(String userId, String type) {
        try (TopicReader reader = TopicReader.of(product.stack().kafka().bootstrapServers(), Topics.AUTH_EVENTS)) {
            return reader.collect(
                            record -> record.value().contains("\"" + type + "\"")
                                    && record.value().contains(userId),
                            Duration.ofSeconds(5))
                    .size();
        }
    }

    /** How many times each outcome occurred, in the outcomes' order. */
    private static Map<String, Long> tally(List<String> outcomes) {
        return outcomes.stream()
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }

    @Test
    void oneUserIdRegisteredManyTimesAtOnceStaysConsistent() throws Exception {
        int parallel = LongRuns.size(8, 24);
        String userId = Users.newUserId();
        ZeroPinClient client = Users.client(product.stack());
        Map<String, Long> outcomes = tally(Concurrently.run(parallel, i -> () -> {
            try {
                client.startRegistration(LocalStack.DEMO_PROJECT, userId);
                return "started";
            } catch (ZeroPinException e) {
                return e.code();
            }
        }));
        int startedCount = outcomes.getOrDefault("started", 0L).intValue();
        product.stack().mail().awaitMessagesTo(userId, Math.max(1, startedCount), Duration.ofSeconds(20));
        Thread.sleep(1000); // a late duplicate e-mail would show up here
        int mails = product.stack().mail().messagesTo(userId).size();
        long rows = count("SELECT count(*) AS n FROM registration WHERE user_id = ?", userId);

        // One more registration, then its activation completed by many devices at once.
        ZeroPinClient.Registration last = client.startRegistration(LocalStack.DEMO_PROJECT, userId);
        String code = Users.codeIn(Users.newestMail(product.stack(), userId, mails + 1));
        List<String> tokens = parallelOutcomes(parallel, () -> client.verifyCode(last.registrationId(), code));
        List<String> activations =
                tokens.stream().filter(t -> !t.startsWith("!")).toList();
        assertThat(activations).as("verifications of one code: %s", tokens).hasSize(1);
        String activation = activations.get(0);
        List<String> identities = parallelOutcomes(
                parallel, () -> client.createIdentity(activation, "race").mpinId());
        List<String> created =
                identities.stream().filter(t -> !t.startsWith("!")).toList();
        long identityRows = count("SELECT count(*) AS n FROM identity WHERE user_id = ?", userId);
        long pending = count("SELECT count(*) AS n FROM registration WHERE user_id = ? AND status = 'PENDING'", userId);
        String figure = ("%d registrations of one User ID at once: %d started (all answers: %s), %d e-mails, %d rows;"
                        + " one code verified %d times at once -> %d activation; that activation used %d times at once"
                        + " -> %d identity, %d identity rows, %d registrations still pending")
                .formatted(
                        parallel,
                        startedCount,
                        outcomes,
                        mails,
                        rows,
                        parallel,
                        activations.size(),
                        parallel,
                        created.size(),
                        identityRows,
                        pending);
        LOG.info(figure);
        assertThat(startedCount).as(figure).isPositive();
        assertThat(mails).as(figure).isEqualTo(startedCount);
        assertThat(rows).as(figure).isEqualTo(startedCount);
        assertThat(created).as(figure).hasSize(1);
        assertThat(identityRows).as(figure).isEqualTo(1);
    }

    private static List<String> parallelOutcomes(int parallel, Callable<String> action) throws Exception {
        return Concurrently.run(parallel, i -> () -> {
            try {
                return action.call();
            } catch (ZeroPinException e) {
                return "!" + e.code();
            }
        });
    }

    private static long count(String sql, String userId) {
        return ((Number) product.stack()
                        .postgres()
                        .query("registration", sql, userId)
                        .get(0)
                        .get("n"))
                .longValue();
    }
}
