package dev.zeropin.registration.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zeropin.events.RadiusEvents.AccessAccepted;
import dev.zeropin.events.RadiusEvents.AccessRejected;
import dev.zeropin.events.Topics;
import dev.zeropin.infra.KafkaBroker;
import dev.zeropin.infra.PostgresServer;
import dev.zeropin.infra.testing.InjectKafkaBroker;
import dev.zeropin.infra.testing.InjectPostgres;
import dev.zeropin.registration.EventRecords;
import dev.zeropin.registration.RegistrationTestResources;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The gateway's decisions enter the usage history in batches, each event once. */
@QuarkusTest
@RegistrationTestResources
class RadiusEventsConsumerTest {

    private static final Pattern DUPLICATES =
            Pattern.compile("zeropin_events_consumed_total\\{outcome=\"duplicate\",topic=\"radius-events\"} (\\S+)");

    @InjectPostgres
    PostgresServer postgres;

    @InjectKafkaBroker
    KafkaBroker broker;

    @Test
    void aBatchIsRecordedOnceEachDespiteARedeliveredAndAMalformedRecord() {
        String nas = "vpn-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            records.add(EventRecords.json(
                    i % 4 == 0
                            ? new AccessRejected(nas, "10.0.0." + i, "project", "user" + i, "PAP", "invalid_otp", 700)
                            : new AccessAccepted(nas, "10.0.0." + i, "project", "user" + i, "PAP", 800 + i)));
        }
        records.add(12, records.get(5));
        records.add(20, "{\"not\": \"an event\"");
        double duplicatesBefore = duplicatesCounted();

        EventRecords.publishAll(broker, Topics.RADIUS_EVENTS, nas, records);

        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> auditedFor(nas) >= 40 && duplicatesCounted() > duplicatesBefore);
        assertThat(auditedFor(nas)).isEqualTo(40);
        assertThat(postgres.query(
                        "registration",
                        "SELECT count(DISTINCT user_id) AS users, count(*) FILTER (WHERE result = 'failure') AS rejects"
                                + " FROM audit_event WHERE nas_name = ?",
                        nas))
                .containsExactly(Map.of("users", 40L, "rejects", 10L));
        assertThat(duplicatesCounted()).isEqualTo(duplicatesBefore + 1);

        String later = EventRecords.json(new AccessAccepted(nas, "10.0.0.99", "project", "late", "PAP", 900));
        EventRecords.publishAll(broker, Topics.RADIUS_EVENTS, nas, List.of(later));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> auditedFor(nas) == 41);
    }

    private long auditedFor(String nas) {
        return postgres.query("registration", "SELECT 1 FROM audit_event WHERE nas_name = ?", nas)
                .size();
    }

    private static double duplicatesCounted() {
        Matcher matcher = DUPLICATES.matcher(given().get("/q/metrics").asString());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
