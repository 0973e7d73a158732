package dev.zeropin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zeropin.client.StoredIdentity;
import dev.zeropin.client.ZeroPinClient;
import dev.zeropin.e2e.NasClients.Nas;
import dev.zeropin.e2e.NasClients.StaticClient;
import dev.zeropin.e2e.RadiusMessage.Attribute;
import dev.zeropin.e2e.RadiusTestClient.Answer;
import dev.zeropin.e2e.RadiusTestClient.Request;
import dev.zeropin.events.ProjectEvents.ReplyMessages;
import dev.zeropin.events.Topics;
import dev.zeropin.infra.local.LocalStack;
import dev.zeropin.infra.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * VPN logins over RADIUS against the packaged product: OTPs minted through the real M-Pin flow with
 * the reference client, presented by real RADIUS clients (FreeRADIUS's radclient, Linux PAM's
 * pam_radius_auth) and by a test NAS that checks every byte of the answers.
 */
class RadiusLoginTest {

    private static final Duration ANSWER = Duration.ofSeconds(5);

    @RegisterExtension
    static final ProductUnderTest product = ProductUnderTest.withGenerousLimits("radius-login");

    private static Nas local;
    private static Nas legacy;

    @BeforeAll
    static void startProduct() {
        local = NasClients.local(product.stack());
        legacy = NasClients.writeStaticClients(
                        product.stack(),
                        List.of(new StaticClient("legacy-pam", "127.0.0.3/32", LocalStack.DEMO_PROJECT, false)))
                .get(0);
    }

    private static int port() {
        return product.stack().options().radiusAuthPort();
    }

    /** A new user of the demo project with an OTP minted by a PIN login of the reference client. */
    private static UserWithOtp newUserWithOtp() {
        String userId = Users.newUserId();
        StoredIdentity identity = Users.register(product.stack(), userId, 2468);
        ZeroPinClient.Otp otp = Users.client(product.stack()).obtainOtp(identity, 2468);
        return new UserWithOtp(userId, identity, otp.code(), otp.expiresAt());
    }

    private record UserWithOtp(String userId, StoredIdentity identity, String otp, Instant expiresAt) {}

    private static String otherThan(String otp) {
        return otp.equals("000000") ? "000001" : "000000";
    }

    @Test
    void papWithTheOtpIsAcceptedOnceThenRejected() {
        UserWithOtp user = newUserWithOtp();

        Radclient.Result first = Radclient.pap(port(), local.secretFile(), user.userId(), user.otp());
        Radclient.Result second = Radclient.pap(port(), local.secretFile(), user.userId(), user.otp());

        assertThat(first.accepted()).as(first.output()).isTrue();
        assertThat(first.replyMessage()).isEqualTo(ReplyMessages.DEFAULTS.accept());
        assertThat(second.rejected()).as(second.output()).isTrue();
        assertThat(second.replyMessage()).isEqualTo(ReplyMessages.DEFAULTS.reject());
    }

    /** PAP as a VPN's NAS sends it: with the client's address as Calling-Station-Id and its port. */
    private static Radclient.Result papFrom(String callingStationId, UserWithOtp user) {
        return Radclient.authenticate(
                port(),
                local.secretFile(),
                "User-Name = \"" + user.userId() + "\", User-Password = \"" + user.otp() + "\","
                        + " Calling-Station-Id = \"" + callingStationId + "\", NAS-Port = 7,"
                        + " Message-Authenticator = 0x00",
                5);
    }

    @Test
    void aNasRetryFromTheSameCallingStationIdIsAcceptedButAnotherEndpointIsRejected() {
        UserWithOtp user = newUserWithOtp();

        // Each radclient run is a new request: a new socket, a new Request Authenticator and an
        // Identifier of its own, as OpenVPN's radiusplugin retries after a lost Accept.
        Radclient.Result first = papFrom("198.51.100.23", user);
        Radclient.Result retry = papFrom("198.51.100.23", user);
        Radclient.Result elsewhere = papFrom("203.0.113.50", user);

        assertThat(first.accepted()).as(first.output()).isTrue();
        assertThat(retry.accepted()).as(retry.output()).isTrue();
        assertThat(retry.replyMessage()).isEqualTo(ReplyMessages.DEFAULTS.accept());
        assertThat(elsewhere.rejected()).as(elsewhere.output()).isTrue();
        assertThat(elsewhere.replyMessage()).isEqualTo(ReplyMessages.DEFAULTS.reject());
        // Consumed once: one accepted verification kept for the window, no OTP left.
        assertThat(product.stack()
                        .postgres()
                        .query(
                                "otp",
                                "SELECT otp_id FROM otp_accepted WHERE client_id = ? AND user_id = ?",
                                LocalStack.DEMO_PROJECT,
                                user.userId()))
                .hasSize(1);
        assertThat(product.stack()
                        .postgres()
                        .query(
                                "otp",
                                "SELECT id FROM otp WHERE client_id = ? AND user_id = ?",
                                LocalStack.DEMO_PROJECT,
                                user.userId()))
                .isEmpty();
    }

    @Test
    void aWrongOtpIsRejectedAndCountedThenTheRightOneStillWorks() {
        UserWithOtp user = newUserWithOtp();
        double rejectedBefore =
                Metrics.sum(product.stack().gateway(), "zeropin_radius_rejected_total", Map.of("nas", "local"));

        Radclient.Result wrong = Radclient.pap(port(), local.secretFile(), user.userId(), otherThan(user.otp()));

        assertThat(wrong.rejected()).as(wrong.output()).isTrue();
        assertThat(product.stack()
                        .postgres()
                        .query(
                                "otp",
                                "SELECT source, failures FROM otp_failure WHERE client_id = ? AND user_id = ?"
                                        + " ORDER BY source",
                                LocalStack.DEMO_PROJECT,
                                user.userId()))
                .containsExactly(Map.of("source", "*", "failures", 1), Map.of("source", "nas:local", "failures", 1));
        assertThat(Metrics.sum(product.stack().gateway(), "zeropin_radius_rejected_total", Map.of("nas", "local")))
                .isEqualTo(rejectedBefore + 1);
        assertThat(Radclient.pap(port(), local.secretFile(), user.userId(), user.otp())
                        .accepted())
                .isTrue();
    }

    @Test
    void chapWithTheOtpIsAccepted() {
        UserWithOtp user = newUserWithOtp();

        Radclient.Result answer = Radclient.chap(port(), local.secretFile(), user.userId(), user.otp());

        assertThat(answer.accepted()).as(answer.output()).isTrue();
        assertThat(Radclient.chap(port(), local.secretFile(), user.userId(), user.otp())
                        .rejected())
                .isTrue();
    }

    @Test
    void msChapV2WithTheOtpIsAcceptedWithMsChap2SuccessAndTheMppeKeys() {
        UserWithOtp user = newUserWithOtp();
        MsChapV2Peer peer = new MsChapV2Peer(
                user.userId(), user.otp(), RadiusTestClient.randomBytes(16), RadiusTestClient.randomBytes(16));

        try (RadiusTestClient nas =
                new RadiusTestClient(local.sourceAddress(), NasClients.authAddress(product.stack()), local.secret())) {
            Request request = nas.accessRequest(msChapV2Attributes(user.userId(), peer, 0x2A));
            Answer answer = nas.exchange(request, ANSWER).orElseThrow();

            assertThat(answer.code()).as(answer.message().replyMessage()).isEqualTo(RadiusMessage.ACCESS_ACCEPT);
            assertThat(answer.responseAuthenticatorValid()).isTrue();
            assertThat(answer.messageAuthenticatorValid()).isTrue();
            assertThat(answer.messageAuthenticatorFirst()).isTrue();
            byte[] success = answer.message()
                    .vendor(RadiusMessage.MICROSOFT, RadiusMessage.MS_CHAP2_SUCCESS)
                    .orElseThrow()
                    .vendorValue();
            assertThat(success[0]).as("the ident of MS-CHAP2-Response").isEqualTo((byte) 0x2A);
            assertThat(new String(success, 1, success.length - 1, StandardCharsets.US_ASCII))
                    .isEqualTo(peer.authenticatorResponse());
            byte[] sendKey = answer.message()
                    .vendor(RadiusMessage.MICROSOFT, RadiusMessage.MS_MPPE_SEND_KEY)
                    .orElseThrow()
                    .vendorValue();
            byte[] receiveKey = answer.message()
                    .vendor(RadiusMessage.MICROSOFT, RadiusMessage.MS_MPPE_RECV_KEY)
                    .orElseThrow()
                    .vendorValue();
            assertThat(RadiusMessage.revealMppeKey(sendKey, request.authenticator(), nas.secret()))
                    .isEqualTo(peer.serverSendKey());
            assertThat(RadiusMessage.revealMppeKey(receiveKey, request.authenticator(), nas.secret()))
                    .isEqualTo(peer.serverReceiveKey());
            assertThat(Arrays.copyOf(sendKey, 2)).as("distinct salts").isNotEqualTo(Arrays.copyOf(receiveKey, 2));

            MsChapV2Peer again = new MsChapV2Peer(
                    user.userId(), user.otp(), RadiusTestClient.randomBytes(16), RadiusTestClient.randomBytes(16));
            Answer second = nas.exchange(nas.accessRequest(msChapV2Attributes(user.userId(), again, 0x2B)), ANSWER)
                    .orElseThrow();
            assertThat(second.code()).isEqualTo(RadiusMessage.ACCESS_REJECT);
            assertThat(second.message().vendor(RadiusMessage.MICROSOFT, RadiusMessage.MS_CHAP2_SUCCESS))
                    .isEmpty();
        }
    }

    private static List<Attribute> msChapV2Attributes(String userId, MsChapV2Peer peer, int ident) {
        return List.of(
                new Attribute(RadiusMessage.MESSAGE_AUTHENTICATOR, new byte[16]),
                Attribute.text(RadiusMessage.USER_NAME, userId),
                Attribute.vendor(
                        RadiusMessage.MICROSOFT, RadiusMessage.MS_CHAP_CHALLENGE, peer.authenticatorChallenge()),
                Attribute.vendor(RadiusMessage.MICROSOFT, RadiusMessage.MS_CHAP2_RESPONSE, peer.chap2Response(ident)),
                Attribute.text(RadiusMessage.NAS_IDENTIFIER, "e2e-mschapv2"));
    }

    @Test
    void everyAnswerStartsWithTheMessageAuthenticatorAndEchoesProxyStateInOrder() {
        try (RadiusTestClient nas =
                new RadiusTestClient(local.sourceAddress(), NasClients.authAddress(product.stack()), local.secret())) {
            byte[] first = "proxy-one".getBytes(StandardCharsets.US_ASCII);
            byte[] second = RadiusTestClient.randomBytes(20);
            Request request = nas.papRequest(
                    "nobody-" + UUID.randomUUID() + "@example.com",
                    "123456",
                    true,
                    List.of(
                            new Attribute(RadiusMessage.PROXY_STATE, first),
                            new Attribute(RadiusMessage.PROXY_STATE, second)));

            Answer answer = nas.exchange(request, ANSWER).orElseThrow();

            assertThat(answer.code()).isEqualTo(RadiusMessage.ACCESS_REJECT);
            assertThat(answer.messageAuthenticatorFirst()).isTrue();
            assertThat(answer.messageAuthenticatorValid()).isTrue();
            assertThat(answer.responseAuthenticatorValid()).isTrue();
            assertThat(answer.message().all(RadiusMessage.PROXY_STATE))
                    .extracting(Attribute::value)
                    .containsExactly(first, second);
        }
    }

    @Test
    void statusServerIsAnsweredWithAMessageAuthenticator() {
        try (RadiusTestClient nas =
                new RadiusTestClient(local.sourceAddress(), NasClients.authAddress(product.stack()), local.secret())) {
            Answer answer = nas.exchange(nas.statusServer(), ANSWER).orElseThrow();

            assertThat(answer.code()).isEqualTo(RadiusMessage.ACCESS_ACCEPT);
            assertThat(answer.messageAuthenticatorFirst()).isTrue();
            assertThat(answer.messageAuthenticatorValid()).isTrue();
            assertThat(answer.responseAuthenticatorValid()).isTrue();
        }
    }

    @Test
    void accountingIsAcknowledgedOnceTheRecordIsOnKafka() {
        String sessionId = "e2e-" + UUID.randomUUID();
        try (RadiusTestClient nas = new RadiusTestClient(
                        local.sourceAddress(), NasClients.acctAddress(product.stack()), local.secret());
                TopicReader events = TopicReader.of(product.stack().kafka().bootstrapServers(), Topics.RADIUS_EVENTS)) {
            Request request = nas.accountingRequest(List.of(
                    Attribute.text(RadiusMessage.USER_NAME, "accounting@example.com"),
                    Attribute.integer(RadiusMessage.ACCT_STATUS_TYPE, 2),
                    Attribute.text(RadiusMessage.ACCT_SESSION_ID, sessionId),
                    Attribute.integer(RadiusMessage.ACCT_SESSION_TIME, 125),
                    Attribute.integer(RadiusMessage.ACCT_INPUT_OCTETS, 4096),
                    Attribute.integer(RadiusMessage.ACCT_OUTPUT_OCTETS, 8192)));

            Answer answer = nas.exchange(request, ANSWER).orElseThrow();

            assertThat(answer.code()).isEqualTo(RadiusMessage.ACCOUNTING_RESPONSE);
            assertThat(answer.responseAuthenticatorValid()).isTrue();
            String record = events.await(
                            r -> r.value().contains("\"radius.accounting\"")
                                    && r.value().contains(sessionId),
                            1,
                            Duration.ofSeconds(5))
                    .get(0)
                    .value();
            assertThat(record).contains("\"local\"", "accounting@example.com", "125", "4096", "8192");
        }
    }

    @Test
    void aLinuxLoginThroughPamRadiusAuthIsAcceptedOnce() throws Exception {
        assertThat(PamRadius.isInstalled())
                .as("pamtester and pam_radius_auth (./zeropin test installs them)")
                .isTrue();
        // Not skipped where it cannot run: the test command runs as root, and a PAM login is part
        // of what the RADIUS issue promises.
        assertThat(PamRadius.canDeclareServices())
                .as("a PAM service needs a writable /etc/pam.d: run the tests as root")
                .isTrue();
        UserWithOtp user = newUserWithOtp();

        try (PamRadius pam = new PamRadius(
                port(),
                legacy.secret(),
                legacy.sourceAddress(),
                product.stack().options().dataDirectory())) {
            PamRadius.Result first = pam.authenticate(user.userId(), user.otp());
            PamRadius.Result second = pam.authenticate(user.userId(), user.otp());

            assertThat(first.authenticated()).as(first.output()).isTrue();
            assertThat(second.authenticated()).as(second.output()).isFalse();
        }
    }

    @Test
    void anExpiredOtpIsRejected() throws Exception {
        String project = NasClients.createProject(product.stack(), 30);
        Nas vpn = NasClients.createInConsole(product.stack(), "127.0.0.4", project, true);
        String userId = Users.newUserId();
        StoredIdentity identity = Users.register(product.stack(), project, userId, 1357);
        ZeroPinClient.Otp otp = Users.client(product.stack()).obtainOtp(identity, 1357);

        Thread.sleep(
                Math.max(0, Duration.between(Instant.now(), otp.expiresAt()).toMillis()) + 1000);

        try (RadiusTestClient nas =
                new RadiusTestClient(vpn.sourceAddress(), NasClients.authAddress(product.stack()), vpn.secret())) {
            Answer answer = nas.exchange(nas.papRequest(userId, otp.code(), true, List.of()), ANSWER)
                    .orElseThrow();
            assertThat(answer.code()).isEqualTo(RadiusMessage.ACCESS_REJECT);
            assertThat(answer.message().replyMessage()).isEqualTo(ReplyMessages.DEFAULTS.reject());
        }
    }
}
