package dev.zeropin.registration.service;

import static dev.zeropin.registration.Registrations.codeIn;
import static dev.zeropin.registration.Registrations.newestMail;
import static dev.zeropin.registration.Registrations.notices;
import static dev.zeropin.registration.Registrations.randomAddress;
import static dev.zeropin.registration.Registrations.start;
import static dev.zeropin.registration.Registrations.verifyCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zeropin.infra.MailServer;
import dev.zeropin.infra.keys.KeyRing;
import dev.zeropin.infra.testing.InjectKeys;
import dev.zeropin.infra.testing.InjectMailServer;
import dev.zeropin.registration.RegistrationTestResources;
import dev.zeropin.registration.Registrations;
import dev.zeropin.registration.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The owner of a User ID hears of registrations of it that ended unfinished, once, not in a flood. */
@QuarkusTest
@RegistrationTestResources
class UnfinishedRegistrationNoticesTest {

    /** Longer than the interval between two scans for unfinished registrations. */
    private static final long SCAN_WAIT_MILLIS = 7000;

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
    void realTime() {
        clock.reset();
    }

    private void voidWithWrongCodes(String user, int mailsBefore) {
        String id = start(clientId, user, randomAddress()).path("registrationId");
        String right = codeIn(newestMail(mail, user, mailsBefore + 1));
        String wrong = right.equals("00000000") ? "00000001" : "00000000";
        for (int i = 0; i < 5; i++) {
            verifyCode(id, wrong);
        }
    }

    @Test
    void registrationsVoidedByWrongCodesAreToldToTheOwnerOnceNotInAFlood() throws Exception {
        String victim = Registrations.newUserId();

        voidWithWrongCodes(victim, 0);
        String notice = Registrations.text(Registrations.awaitMails(mail, victim, Registrations.NOTICE_SUBJECT, 1)
                .get(0));
        voidWithWrongCodes(victim, 1);
        voidWithWrongCodes(victim, 2);
        Thread.sleep(SCAN_WAIT_MILLIS);

        assertThat(notice).contains(victim, "5 wrong verification codes", "Nothing was issued");
        assertThat(notices(mail, victim)).hasSize(1);
    }

    @Test
    void anExpiredRegistrationIsToldButNotWhenTheOwnerFinishedALaterOne() throws Exception {
        String abandoned = Registrations.newUserId();
        String retried = Registrations.newUserId();
        start(clientId, abandoned, randomAddress()).then().statusCode(202);
        start(clientId, retried, randomAddress()).then().statusCode(202);
        newestMail(mail, retried, 1);
        String second = start(clientId, retried, randomAddress()).path("registrationId");
        verifyCode(second, codeIn(newestMail(mail, retried, 2))).then().statusCode(200);

        clock.advance(Duration.ofMinutes(11));

        assertThat(Registrations.awaitMails(mail, abandoned, Registrations.NOTICE_SUBJECT, 1))
                .hasSize(1);
        Thread.sleep(SCAN_WAIT_MILLIS);
        assertThat(notices(mail, retried)).isEmpty();
    }
}
