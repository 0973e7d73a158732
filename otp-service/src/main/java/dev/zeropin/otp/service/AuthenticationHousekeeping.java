package dev.zeropin.otp.service;

import dev.zeropin.otp.config.OtpConfig;
import dev.zeropin.outbox.HousekeepingStatements;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Forgets what PIN proofs leave behind once it no longer counts: per-minute pass-1 windows, and the
 * attempt counts of mpinIds that never became known (forged ones, typically) after their window.
 */
@ApplicationScoped
public class AuthenticationHousekeeping implements HousekeepingStatements {

    private final OtpConfig config;

    public AuthenticationHousekeeping(OtpConfig config) {
        this.config = config;
    }

    @Override
    public List<String> statements() {
        long window = config.authentication().unconfirmedIdentityWindow().toSeconds();
        return List.of(
                "DELETE FROM identity_pass1_window WHERE window_start < now() - interval '2 minutes'",
                "DELETE FROM unconfirmed_identity WHERE created_at < now() - interval '" + window + " seconds'");
    }
}
