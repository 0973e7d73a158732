package dev.zeropin.otp.service;

import dev.zeropin.otp.config.OtpConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Deletes expired OTPs (they are stored only until used or expired) and old pass-1 sessions, on
 * its own thread over JDBC. Expired rows are never accepted anyway; this keeps the tables small.
 */
@ApplicationScoped
public class ExpiredDataCleaner {

    private final DataSource dataSource;
    private final OtpConfig config;
    private ScheduledExecutorService executor;

    public ExpiredDataCleaner(DataSource dataSource, OtpConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "zeropin-expired-data-cleaner");
            thread.setDaemon(true);
            return thread;
        });
        long interval = config.cleanupInterval().toMillis();
        executor.scheduleWithFixedDelay(this::deleteExpired, interval, interval, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** One round of clean-up; returns the number of rows deleted. */
    int deleteExpired() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            int otps = statement.executeUpdate("DELETE FROM otp WHERE expires_at < now()");
            int sessions = statement.executeUpdate(
                    "DELETE FROM auth_session WHERE expires_at < now() - interval '10 minutes'");
            int failures = statement.executeUpdate("DELETE FROM verification_failures WHERE failures = 0"
                    + " AND (locked_until IS NULL OR locked_until < now()) AND updated_at < now() - interval '1 day'");
            if (otps + sessions + failures > 0) {
                Log.debugf(
                        "deleted %d expired OTPs, %d old sessions, %d idle failure records", otps, sessions, failures);
            }
            return otps + sessions + failures;
        } catch (SQLException e) {
            Log.warnf("expired data clean-up failed, will retry: %s", e.getMessage());
            return 0;
        }
    }
}
