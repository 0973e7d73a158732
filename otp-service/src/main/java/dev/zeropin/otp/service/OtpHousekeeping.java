package dev.zeropin.otp.service;

import dev.zeropin.outbox.HousekeepingStatements;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Deletes expired OTPs (stored only until used or expired), old sessions and idle failure records. */
@ApplicationScoped
public class OtpHousekeeping implements HousekeepingStatements {

    @Override
    public List<String> statements() {
        return List.of(
                "DELETE FROM otp WHERE expires_at < now()",
                "DELETE FROM auth_session WHERE expires_at < now() - interval '10 minutes'",
                "DELETE FROM verification_failures WHERE failures = 0"
                        + " AND (locked_until IS NULL OR locked_until < now()) AND updated_at < now() - interval '1 day'");
    }
}
