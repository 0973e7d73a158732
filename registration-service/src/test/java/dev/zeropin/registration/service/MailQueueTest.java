package dev.zeropin.registration.service;

import static dev.zeropin.registration.Registrations.codeIn;
import static dev.zeropin.registration.Registrations.newestMail;
import static dev.zeropin.registration.Registrations.randomAddress;
import static dev.zeropin.registration.Registrations.start;
import static dev.zeropin.registration.Registrations.statusOf;
import static dev.zeropin.registration.Registrations.verifyCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zeropin.infra.MailServer;
import dev.zeropin.infra.keys.KeyRing;
import dev.zeropin.infra.testing.Concurrently;
import dev.zeropin.infra.testing.InjectKeys;
import dev.zeropin.infra.testing.InjectMailServer;
import dev.zeropin.registration.RegistrationTestResources;
import dev.zeropin.registration.Registrations;
import dev.zeropin.registration.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registrations never wait for the SMTP server; their e-mails leave after the commit, once. */
@QuarkusTest
@RegistrationTestResources
class MailQueueTest {

    @InjectKeys
    KeyRing keys;

    @InjectMailServer
    MailServer mail;

    @Inject
    TestClock clock;

    private String clientId;

    @BeforeEach
    void newProject() {
        clientId = Registrations.createProject(keys, Map.of());
    }

    @AfterEach
    void smtpUpAndRealTime() {
        mail.restart();
        clock.reset();
    }

    @Test
    void aRegistrationIsAcceptedWhileSmtpIsDownAndItsEmailArrivesOnceAfterTheRestart() throws Exception {
        String user = Registrations.newUserId();
        mail.stop();

        long begun = System.nanoTime();
        Response started = start(clientId, user, randomAddress());
        Duration answeredIn = Duration.ofNanos(System.nanoTime() - begun);

        assertThat(started.statusCode()).isEqualTo(202);
        assertThat(answeredIn).isLessThan(Duration.ofSeconds(3));
        String id = started.path("registrationId");
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(
                        () -> assertThat(statusOf(id).<String>path("email")).isEqualTo("DELAYED"));
        assertThat(mail.messagesTo(user)).isEmpty();

        mail.restart();

        String text = newestMail(mail, user, 1);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(statusOf(id).<String>path("email")).isEqualTo("SENT"));
        verifyCode(id, codeIn(text)).then().statusCode(200);
        Thread.sleep(3000);
        assertThat(mail.messagesTo(user)).hasSize(1);
    }

    /** Issue 17: fifty registrations at once while the SMTP server accepts nothing. */
    @Test
    void fiftyConcurrentRegistrationsAreAnsweredWhileSmtpIsDownAndEachEmailArrivesOnceAfterwards() throws Exception {
        List<String> users = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> Registrations.newUserId())
                .toList();
        mail.stop();

        List<Integer> answers = Concurrently.run(
                50, i -> () -> start(clientId, users.get(i), randomAddress()).statusCode());

        assertThat(answers).containsOnly(202);
        Thread.sleep(1000);
        assertThat(users).allSatisfy(user -> assertThat(mail.messagesTo(user)).isEmpty());

        mail.restart();

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(users)
                        .allSatisfy(user -> assertThat(mail.messagesTo(user)).hasSize(1)));
        Thread.sleep(3000);
        assertThat(users).allSatisfy(user -> assertThat(mail.messagesTo(user)).hasSize(1));
    }

    @Test
    void anEmailThatCouldNotLeaveBeforeItsRegistrationExpiredIsNeverSentButTheOwnerIsTold() {
        String user = Registrations.newUserId();
        mail.stop();
        String id = start(clientId, user, randomAddress()).path("registrationId");
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(
                        () -> assertThat(statusOf(id).<String>path("email")).isEqualTo("DELAYED"));

        clock.advance(Duration.ofMinutes(11));
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(
                        () -> assertThat(statusOf(id).<String>path("email")).isEqualTo("EXPIRED"));
        mail.restart();

        assertThat(Registrations.awaitMails(mail, user, Registrations.NOTICE_SUBJECT, 1))
                .hasSize(1);
        assertThat(mail.messagesTo(user)).hasSize(1);
    }
}
