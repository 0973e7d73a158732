package dev.zeropin.registration.service;

import dev.zeropin.outbox.HousekeepingStatements;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Deletes registrations (and their activation tokens) a day after they expired. */
@ApplicationScoped
public class RegistrationHousekeeping implements HousekeepingStatements {

    @Override
    public List<String> statements() {
        return List.of("DELETE FROM registration WHERE expires_at < now() - interval '1 day'");
    }
}
