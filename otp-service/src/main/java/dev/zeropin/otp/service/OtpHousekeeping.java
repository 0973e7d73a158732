package dev.zeropin.otp.service;

import dev.zeropin.otp.OtpFailure;
import dev.zeropin.otp.config.OtpConfig;
import dev.zeropin.outbox.HousekeepingStatements;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Deletes expired OTPs (stored only until used or expired), accepted verifications past their retry
 * window, old sessions, and failure counts once
 * they have drained and their back-off has ended.
 */
@ApplicationScoped
public class OtpHousekeeping implements HousekeepingStatements {

    private final OtpConfig config;

    public OtpHousekeeping(OtpConfig config) {
        this.config = config;
    }

    @Override
    public List<String> statements() {
        OtpConfig.Verification verification = config.verification();
        long window = verification.failureWindow().toMillis();
        // Milliseconds for one failure to drain, for a source's count and for the count over all sources.
        long perSource = Math.max(1, window / Math.max(1, verification.failuresBeforeBackoff()));
        long perUser = Math.max(1, window / Math.max(1, verification.userFailuresBeforeBackoff()));
        return List.of(
                "DELETE FROM otp WHERE expires_at < now()",
                "DELETE FROM otp_accepted WHERE expires_at < now()",
                "DELETE FROM auth_session WHERE expires_at < now() - interval '10 minutes'",
                "DELETE FROM otp_failure WHERE (locked_until IS NULL OR locked_until < now())"
                        + " AND drained_at + failures * (CASE WHEN source = '" + OtpFailure.ALL_SOURCES + "'"
                        + " THEN " + perUser + " ELSE " + perSource + " END) * interval '1 millisecond' < now()");
    }
}
