package dev.zeropin.registration.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zeropin.infra.PostgresServer;
import dev.zeropin.infra.testing.InjectPostgres;
import dev.zeropin.outbox.Housekeeping;
import dev.zeropin.registration.RegistrationTestResources;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Announcements of gateway instances that went away are deleted by the housekeeping. */
@QuarkusTest
@RegistrationTestResources
class StaticRadiusClientsTest {

    @InjectPostgres
    PostgresServer postgres;

    @Inject
    Housekeeping housekeeping;

    @Test
    void theHousekeepingDeletesAnnouncementsOlderThanADayAndKeepsTheRest() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        postgres.execute(
                "registration",
                "INSERT INTO static_radius_announcement (instance, announced_at, clients) VALUES"
                        + " ('gone-" + run + "', now() - interval '25 hours', '[]'),"
                        + " ('quiet-" + run + "', now() - interval '23 hours', '[]'),"
                        + " ('live-" + run + "', now(), '[]')");

        housekeeping.runOnce();

        assertThat(postgres.query(
                        "registration",
                        "SELECT instance FROM static_radius_announcement WHERE instance LIKE ? ORDER BY instance",
                        "%-" + run))
                .containsExactly(Map.of("instance", "live-" + run), Map.of("instance", "quiet-" + run));
    }
}
