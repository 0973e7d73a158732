package dev.zeropin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zeropin.client.StoredIdentity;
import dev.zeropin.e2e.NasClients.Nas;
import dev.zeropin.e2e.RadiusTestClient.Answer;
import dev.zeropin.e2e.RadiusTestClient.Request;
import dev.zeropin.events.ProjectEvents.ReplyMessages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Brute force and floods against the packaged product: OTP guessing over RADIUS runs into the
 * back-off, a flood of pass-1 requests from one address is limited without touching other
 * addresses, and a NAS that retransmits a wrong password costs the user one failure per distinct
 * request only. otp-service keeps its default of five failures before the back-off; the first
 * back-off is shortened to {@value #BACKOFF_SECONDS} s so that its end can be waited for, and pass 1
 * is limited to {@value #PASS1_PER_MINUTE} requests per address and minute.
 */
class RadiusBruteForceTest {

    private static final Duration ANSWER = Duration.ofSeconds(5);
    private static final int FAILURES_BEFORE_BACKOFF = 5;
    private static final int BACKOFF_SECONDS = 6;
    private static final int PASS1_PER_MINUTE = 20;
    private static final int PIN = 2468;

    @RegisterExtension
    static final ProductUnderTest product = ProductUnderTest.withEnvironment("radius-brute-force", environment());

    /** Tight limits that the brute-force tests run into. */
    private static Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(Stacks.generousLimits());
        environment.put("OTP_AUTHENTICATION_PASS1_PER_MINUTE_PER_ADDRESS", Integer.toString(PASS1_PER_MINUTE));
        environment.put("OTP_VERIFICATION_FAILURES_BEFORE_BACKOFF", Integer.toString(FAILURES_BEFORE_BACKOFF));
        environment.put("OTP_VERIFICATION_INITIAL_BACKOFF", BACKOFF_SECONDS + "s");
        return environment;
    }

    private static Nas local;

    @BeforeAll
    static void startProduct() {
        local = NasClients.local(product.stack());
    }

    private record UserWithOtp(String userId, StoredIdentity identity, String otp) {}

    private static UserWithOtp newUserWithOtp() {
        String userId = Users.newUserId();
        StoredIdentity identity = Users.register(product.stack(), userId, PIN);
        return new UserWithOtp(
                userId,
                identity,
                Users.client(product.stack()).obtainOtp(identity, PIN).code());
    }

    /** A six-digit code that is not {@code otp}. */
    private static String wrongCode(String otp, int attempt) {
        String guess = String.format("%06d", (Integer.parseInt(otp) + 1 + attempt * 7919) % 1_000_000);
        assertThat(guess).isNotEqualTo(otp);
        return guess;
    }

    private static RadiusTestClient nas() {
        return new RadiusTestClient(local.sourceAddress(), NasClients.authAddress(product.stack()), local.secret());
    }

    private static double invalidOtpVerifications() {
        return Metrics.sum(product.stack().otp(), "zeropin_otp_verifications_total", Map.of("reason", "invalid_otp"));
    }

    @Test
    void guessingOtpsOverRadiusHitsTheBackOffAndEvenTheRightOtpWaitsForItsEnd() throws Exception {
        UserWithOtp user = newUserWithOtp();
        String locked = ReplyMessages.DEFAULTS.locked().replace(ReplyMessages.SECONDS, "");
        try (RadiusTestClient nas = nas()) {
            int attemptsUntilBackOff = 0;
            for (int attempt = 1; attempt <= 20; attempt++) {
                Answer answer = nas.exchange(
                                nas.papRequest(user.userId(), wrongCode(user.otp(), attempt), true, List.of()), ANSWER)
                        .orElseThrow();
                assertThat(answer.code()).isEqualTo(RadiusMessage.ACCESS_REJECT);
                if (answer.message().replyMessage().startsWith(locked.substring(0, 20))) {
                    attemptsUntilBackOff = attempt;
                    break;
                }
            }
            assertThat(attemptsUntilBackOff).as("wrong OTPs until the back-off").isEqualTo(FAILURES_BEFORE_BACKOFF);

            Answer rightButLocked = nas.exchange(nas.papRequest(user.userId(), user.otp(), true, List.of()), ANSWER)
                    .orElseThrow();
            assertThat(rightButLocked.code())
                    .as("the right OTP during the back-off")
                    .isEqualTo(RadiusMessage.ACCESS_REJECT);
            assertThat(rightButLocked.message().replyMessage()).startsWith("Too many attempts, try again in ");

            Thread.sleep(Duration.ofSeconds(BACKOFF_SECONDS + 1).toMillis());
            Answer afterBackOff = nas.exchange(nas.papRequest(user.userId(), user.otp(), true, List.of()), ANSWER)
                    .orElseThrow();
            assertThat(afterBackOff.code())
                    .as("the right OTP, still live, after the back-off")
                    .isEqualTo(RadiusMessage.ACCESS_ACCEPT);
        }
    }

    /**
     * Issue 16, item 2, as it was tried: five wrong passwords from Calling-Station-Id 198.51.100.7,
     * then the user's fresh OTP from 203.0.113.9, through one NAS.
     */
    @Test
    void wrongOtpsFromOneCallingStationDoNotLockTheUserOutAtAnother() throws Exception {
        UserWithOtp user = newUserWithOtp();
        List<RadiusMessage.Attribute> stranger = List.of(RadiusMessage.Attribute.text(31, "198.51.100.7"));
        List<RadiusMessage.Attribute> owner = List.of(RadiusMessage.Attribute.text(31, "203.0.113.9"));
        String locked = ReplyMessages.DEFAULTS.locked().replace(ReplyMessages.SECONDS, "");
        try (RadiusTestClient nas = nas()) {
            Answer last = null;
            for (int attempt = 1; attempt <= FAILURES_BEFORE_BACKOFF; attempt++) {
                last = nas.exchange(
                                nas.papRequest(user.userId(), wrongCode(user.otp(), attempt), true, stranger), ANSWER)
                        .orElseThrow();
                assertThat(last.code()).isEqualTo(RadiusMessage.ACCESS_REJECT);
            }
            assertThat(last.message().replyMessage()).startsWith(locked.substring(0, 20));

            String fresh = Users.client(product.stack())
                    .obtainOtp(user.identity(), PIN)
                    .code();
            Answer fromOwner = nas.exchange(nas.papRequest(user.userId(), fresh, true, owner), ANSWER)
                    .orElseThrow();
            assertThat(fromOwner.code())
                    .as("the user's fresh OTP from another Calling-Station-Id")
                    .isEqualTo(RadiusMessage.ACCESS_ACCEPT);

            // The owner's success did not clear the stranger's count: still backed off (or, should the
            // short back-off of this product.stack() have ended, backed off again by this sixth failure).
            String next = Users.client(product.stack())
                    .obtainOtp(user.identity(), PIN)
                    .code();
            Answer fromStranger = nas.exchange(
                            nas.papRequest(user.userId(), wrongCode(next, 9), true, stranger), ANSWER)
                    .orElseThrow();
            assertThat(fromStranger.code())
                    .as("the stranger's Calling-Station-Id stays backed off")
                    .isEqualTo(RadiusMessage.ACCESS_REJECT);
            assertThat(fromStranger.message().replyMessage()).startsWith(locked.substring(0, 20));
        }
    }

    @Test
    void aNasRetransmittingAWrongPasswordCostsOneFailurePerDistinctRequest() {
        UserWithOtp user = newUserWithOtp();
        double before = invalidOtpVerifications();
        int distinctRequests = 0;
        int datagramsSent = 0;
        try (RadiusTestClient nas = nas()) {
            for (int attempt = 1; attempt <= 2; attempt++) {
                // The NAS times out and retransmits the same packet (same identifier and authenticator):
                // three copies while the first is being verified, two more after its answer.
                Request request = nas.papRequest(user.userId(), wrongCode(user.otp(), attempt), true, List.of());
                distinctRequests++;
                for (int copy = 0; copy < 4; copy++) {
                    nas.send(request.bytes());
                    datagramsSent++;
                }
                assertThat(nas.receive(request, ANSWER)).isPresent();
                for (int copy = 0; copy < 2; copy++) {
                    Answer again = nas.exchange(request, ANSWER).orElseThrow();
                    datagramsSent++;
                    assertThat(again.code()).as("cached answer").isEqualTo(RadiusMessage.ACCESS_REJECT);
                }
            }
            // radclient-style retries of the same password: a new identifier and authenticator each time,
            // hence distinct requests that the gateway cannot tell from new attempts.
            String repeated = wrongCode(user.otp(), 2);
            for (int retry = 0; retry < 2; retry++) {
                Answer answer = nas.exchange(nas.papRequest(user.userId(), repeated, true, List.of()), ANSWER)
                        .orElseThrow();
                distinctRequests++;
                datagramsSent++;
                assertThat(answer.code()).isEqualTo(RadiusMessage.ACCESS_REJECT);
            }
            assertThat(invalidOtpVerifications() - before)
                    .as("failures counted for %d datagrams of %d distinct requests", datagramsSent, distinctRequests)
                    .isEqualTo(distinctRequests);

            Answer right = nas.exchange(nas.papRequest(user.userId(), user.otp(), true, List.of()), ANSWER)
                    .orElseThrow();
            assertThat(right.code())
                    .as("%d failures stay below the back-off of %d", distinctRequests, FAILURES_BEFORE_BACKOFF)
                    .isEqualTo(RadiusMessage.ACCESS_ACCEPT);
        }
    }

    @Test
    void aFloodOfPass1FromOneAddressIsLimitedWithoutHurtingOtherAddresses() {
        StoredIdentity identity = Users.register(product.stack(), Users.newUserId(), PIN);
        // U = 1·hid: a point of the right group, so that every request that passes the limit is well formed.
        String body = "{\"mpinId\":\"" + identity.mpinId() + "\",\"u\":\"" + identity.hid() + "\"}";
        int flood = 100;
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < flood; i++) {
            // The packaged product trusts no X-Forwarded-For: a forged one must not open new buckets.
            statuses.add(pass1From("127.0.0.2", body, Optional.of("198.51.100." + (i % 250)))
                    .status());
        }
        long answered = statuses.stream().filter(status -> status == 200).count();
        long limited = statuses.stream().filter(status -> status == 429).count();
        assertThat(answered).as("pass-1 requests answered of %d", flood).isEqualTo(PASS1_PER_MINUTE);
        assertThat(limited).as("pass-1 requests limited of %d", flood).isEqualTo(flood - PASS1_PER_MINUTE);

        HttpAnswer refused = pass1From("127.0.0.2", body, Optional.empty());
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.head()).containsIgnoringCase("content-type: application/problem+json");
        assertThat(refused.head()).containsIgnoringCase("retry-after:");
        assertThat(refused.body()).contains("\"code\":\"too_many_requests\"");

        assertThat(pass1From("127.0.0.3", body, Optional.empty()).status())
                .as("another address during the flood")
                .isEqualTo(200);
        String otp = Users.client(product.stack()).obtainOtp(identity, PIN).code();
        assertThat(Radclient.pap(product.stack().options().radiusAuthPort(), local.secretFile(), identity.userId(), otp)
                        .accepted())
                .as("a login from 127.0.0.1 during the flood")
                .isTrue();
    }

    private record HttpAnswer(int status, String head, String body) {}

    /** One HTTP/1.1 pass-1 request from a chosen loopback address (the JDK client cannot bind one). */
    private static HttpAnswer pass1From(String localAddress, String body, Optional<String> forwardedFor) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        int port = product.stack().options().otpPort();
        StringBuilder request = new StringBuilder()
                .append("POST /api/v1/authenticate/pass1 HTTP/1.1\r\n")
                .append("Host: localhost:")
                .append(port)
                .append("\r\n")
                .append("Content-Type: application/json\r\nAccept: application/json\r\nConnection: close\r\n");
        forwardedFor.ifPresent(
                address -> request.append("X-Forwarded-For: ").append(address).append("\r\n"));
        request.append("Content-Length: ").append(content.length).append("\r\n\r\n");
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String rest = split < 0 ? "" : text.substring(split + 4);
            int status = Integer.parseInt(head.substring(9, 12));
            return new HttpAnswer(status, head, rest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
