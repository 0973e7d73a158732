package dev.zeropin.registration.service;

import dev.zeropin.outbox.HousekeepingStatements;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Deletes registrations (and their activation tokens and e-mails) a day after they expired, and
 * enrolment budgets whose window (at most a day) ended a day ago.
 */
@ApplicationScoped
public class RegistrationHousekeeping implements HousekeepingStatements {

    @Override
    public List<String> statements() {
        return List.of(
                "DELETE FROM registration WHERE expires_at < now() - interval '1 day'",
                "DELETE FROM enrolment_budget WHERE window_start < now() - interval '2 days'");
    }
}
