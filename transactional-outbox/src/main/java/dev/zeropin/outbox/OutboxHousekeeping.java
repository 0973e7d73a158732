package dev.zeropin.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Removes published events and the ids of consumed events after their retention. */
@ApplicationScoped
public class OutboxHousekeeping implements HousekeepingStatements {

    private final OutboxConfig config;

    public OutboxHousekeeping(OutboxConfig config) {
        this.config = config;
    }

    @Override
    public List<String> statements() {
        return List.of(
                "DELETE FROM zeropin_outbox WHERE published_at < now() - interval '"
                        + config.publishedRetention().toSeconds() + " seconds'",
                "DELETE FROM zeropin_processed_event WHERE processed_at < now() - interval '"
                        + config.processedRetention().toSeconds() + " seconds'");
    }
}
