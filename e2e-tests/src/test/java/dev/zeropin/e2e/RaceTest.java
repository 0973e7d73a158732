package dev.zeropin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zeropin.client.StoredIdentity;
import dev.zeropin.client.ZeroPinClient;
import dev.zeropin.client.ZeroPinException;
import dev.zeropin.e2e.NasClients.Nas;
import dev.zeropin.e2e.RadiusTestClient.Answer;
import dev.zeropin.e2e.RadiusTestClient.Request;
import dev.zeropin.infra.local.LocalStack;
import dev.zeropin.infra.local.LocalStackOptions;
import dev.zeropin.infra.local.ServiceProcess;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Races against the packaged product: one OTP sent through two gateway replicas at once, wrong
 * PINs in parallel on one identity, one User ID registered many times at once. Each test logs and
 * asserts its figures; {@code -Plong} repeats them with more load.
 */
class RaceTest {

    private static final Logger LOG = Logger.getLogger(RaceTest.class);
    private static final int PIN = 2468;

    private static LocalStack stack;
    private static ServiceProcess secondGateway;
    private static InetSocketAddress secondAuth;
    private static Nas local;

    @BeforeAll
    static void startProduct() {
        stack = new LocalStack(Stacks.freshOptions("races").withEnvironment(Stacks.generousLimits())).start();
        int auth = LocalStackOptions.freeUdpPort();
        secondGateway = stack.startExtraGateway(LocalStackOptions.freePort(), auth, LocalStackOptions.freeUdpPort());
        secondAuth = new InetSocketAddress("127.0.0.1", auth);
        local = NasClients.local(stack);
    }

    @AfterAll
    static void stopProduct() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void oneOtpSentThroughTwoGatewaysAtOnceIsAcceptedExactlyOnce() throws Exception {
        int rounds = LongRuns.size(1, 10);
        int perGateway = 50;
        warmUp(NasClients.authAddress(stack));
        warmUp(secondAuth);
        for (int round = 1; round <= rounds; round++) {
            String userId = Users.newUserId();
            StoredIdentity identity = Users.register(stack, userId, PIN);
            String otp = Users.client(stack).obtainOtp(identity, PIN).code();
            try (RadiusTestClient first =
                            new RadiusTestClient(local.sourceAddress(), NasClients.authAddress(stack), local.secret());
                    RadiusTestClient second = new RadiusTestClient(local.sourceAddress(), secondAuth, local.secret())) {
                List<Request> viaFirst = new ArrayList<>();
                List<Request> viaSecond = new ArrayList<>();
                for (int i = 0; i < perGateway; i++) {
                    viaFirst.add(first.papRequest(userId, otp, true, List.of()));
                    viaSecond.add(second.papRequest(userId, otp, true, List.of()));
                }
                CountDownLatch go = new CountDownLatch(1);
                ExecutorService senders = Executors.newFixedThreadPool(2);
                try {
                    long start = System.nanoTime();
                    Future<Map<Integer, List<Answer>>> a = senders.submit(sendAll(first, viaFirst, go));
                    Future<Map<Integer, List<Answer>>> b = senders.submit(sendAll(second, viaSecond, go));
                    go.countDown();
                    List<Answer> answers = new ArrayList<>();
                    a.get().values().forEach(answers::addAll);
                    b.get().values().forEach(answers::addAll);
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
                    long total =
                            accepts + (after.isPresent() && after.get().code() == RadiusMessage.ACCESS_ACCEPT ? 1 : 0);
                    LOG.info("round %d: the same OTP once more afterwards: %s"
                            .formatted(
                                    round,
                                    after.map(x -> x.code() == RadiusMessage.ACCESS_ACCEPT ? "Accept" : "Reject")
                                            .orElse("no answer")));
                    assertThat(total).as(figure + ", then once more").isEqualTo(1);
                } finally {
                    senders.shutdownNow();
                }
            }
        }
    }

    /** A few logins through one gateway, so that the race meets warm JVMs as in production. */
    private static void warmUp(InetSocketAddress gateway) {
        for (int i = 0; i < 3; i++) {
            String userId = Users.newUserId();
            StoredIdentity identity = Users.register(stack, userId, PIN);
            String otp = Users.client(stack).obtainOtp(identity, PIN).code();
            try (RadiusTestClient nas = new RadiusTestClient(local.sourceAddress(), gateway, local.secret())) {
                nas.exchange(nas.papRequest(userId, otp, true, List.of()), Duration.ofSeconds(6));
            }
        }
    }

    private static Callable<Map<Integer, List<Answer>>> sendAll(
            RadiusTestClient nas, List<Request> requests, CountDownLatch go) {
        return () -> {
            go.await();
            for (Request request : requests) {
                nas.send(request.bytes());
            }
            return nas.receiveAll(requests, Duration.ofSeconds(20));
        };
    }

    @Test
    void parallelWrongPinsCountAtMostThreeFailuresThenTheIdentityIsRevoked() throws Exception {
        int rounds = LongRuns.size(1, 5);
        int attempts = LongRuns.size(12, 30);
        for (int round = 1; round <= rounds; round++) {
            String userId = Users.newUserId();
            StoredIdentity identity = Users.register(stack, userId, PIN);
            Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService devices = Executors.newFixedThreadPool(attempts);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < attempts; i++) {
                    int wrongPin = 1000 + i;
                    done.add(devices.submit(() -> {
                        ZeroPinClient client = Users.client(stack);
                        go.await();
                        String outcome;
                        try {
                            client.obtainOtp(identity, wrongPin);
                            outcome = "otp";
                        } catch (ZeroPinException e) {
                            outcome = e.code();
                        }
                        outcomes.computeIfAbsent(outcome, k -> new AtomicInteger())
                                .incrementAndGet();
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                devices.shutdownNow();
            }
            String afterwards;
            try {
                Users.client(stack).obtainOtp(identity, PIN);
                afterwards = "otp";
            } catch (ZeroPinException e) {
                afterwards = e.code();
            }
            long checks = events(userId, "authentication.pin-failed");
            long blocked = events(userId, "identity.blocked");
            String figure =
                    ("round %d: %d parallel wrong PINs -> answers %s; %d PIN checks counted (pin-failed events),"
                                    + " %d identity.blocked; the right PIN afterwards -> %s")
                            .formatted(round, attempts, outcomes, checks, blocked, afterwards);
            LOG.info(figure);
            assertThat(checks).as(figure).isBetween(1L, 3L);
            assertThat(blocked).as(figure).isEqualTo(1);
            assertThat(count(outcomes, "otp")).as(figure).isZero();
            assertThat(afterwards).as(figure).isEqualTo("identity_revoked");
            List<Map<String, Object>> state = stack.postgres()
                    .query(
                            "otp",
                            "SELECT failures, revoked_at FROM identity_state WHERE mpin_id = ?",
                            identity.mpinId());
            assertThat(state).as(figure).hasSize(1);
            assertThat(state.get(0).get("revoked_at")).as(figure).isNotNull();
            assertThat(((Number) state.get(0).get("failures")).intValue())
                    .as(figure)
                    .isLessThanOrEqualTo(3);
        }
    }

    /** Events of one type about one user that otp-service wrote to its outbox. */
    private static long events(String userId, String type) {
        return stack
                .postgres()
                .query(
                        "otp",
                        "SELECT envelope FROM zeropin_outbox WHERE topic = 'auth-events' AND event_type = ?",
                        type)
                .stream()
                .filter(r -> String.valueOf(r.get("envelope")).contains(userId))
                .count();
    }

    private static int count(Map<String, AtomicInteger> outcomes, String key) {
        AtomicInteger n = outcomes.get(key);
        return n == null ? 0 : n.get();
    }

    @Test
    void oneUserIdRegisteredManyTimesAtOnceStaysConsistent() throws Exception {
        int parallel = LongRuns.size(8, 24);
        String userId = Users.newUserId();
        ZeroPinClient client = Users.client(stack);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService browsers = Executors.newFixedThreadPool(parallel);
        AtomicInteger started = new AtomicInteger();
        Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                done.add(browsers.submit(() -> {
                    go.await();
                    try {
                        client.startRegistration(LocalStack.DEMO_PROJECT, userId);
                        started.incrementAndGet();
                    } catch (ZeroPinException e) {
                        refusals.computeIfAbsent(e.code(), k -> new AtomicInteger())
                                .incrementAndGet();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            browsers.shutdownNow();
        }
        stack.mail().awaitMessagesTo(userId, Math.max(1, started.get()), Duration.ofSeconds(20));
        Thread.sleep(1000); // a late duplicate e-mail would show up here
        int mails = stack.mail().messagesTo(userId).size();
        long rows = count("SELECT count(*) AS n FROM registration WHERE user_id = ?", userId);

        // One more registration, then its activation completed by many devices at once.
        ZeroPinClient.Registration last = client.startRegistration(LocalStack.DEMO_PROJECT, userId);
        String code = Users.codeIn(Users.newestMail(stack, userId, mails + 1));
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
        String figure = ("%d registrations of one User ID at once: %d started (%s refused), %d e-mails, %d rows;"
                        + " one code verified %d times at once -> %d activation; that activation used %d times at once"
                        + " -> %d identity, %d identity rows, %d registrations still pending")
                .formatted(
                        parallel,
                        started.get(),
                        refusals,
                        mails,
                        rows,
                        parallel,
                        activations.size(),
                        parallel,
                        created.size(),
                        identityRows,
                        pending);
        LOG.info(figure);
        assertThat(started.get()).as(figure).isPositive();
        assertThat(mails).as(figure).isEqualTo(started.get());
        assertThat(rows).as(figure).isEqualTo(started.get());
        assertThat(created).as(figure).hasSize(1);
        assertThat(identityRows).as(figure).isEqualTo(1);
    }

    private static List<String> parallelOutcomes(int parallel, Callable<String> action) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        return action.call();
                    } catch (ZeroPinException e) {
                        return "!" + e.code();
                    }
                }));
            }
            go.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> f : results) {
                outcomes.add(f.get());
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long count(String sql, String userId) {
        return ((Number) stack.postgres()
                        .query("registration", sql, userId)
                        .get(0)
                        .get("n"))
                .longValue();
    }
}
