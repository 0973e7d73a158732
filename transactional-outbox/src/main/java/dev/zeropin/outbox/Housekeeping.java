package dev.zeropin.outbox;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs every {@link HousekeepingStatements} bean's SQL on its own thread over JDBC, every
 * {@code zeropin.housekeeping.interval}. Expired rows are never used anyway; this keeps tables small.
 */
@ApplicationScoped
public class Housekeeping {

    private final DataSource dataSource;
    private final List<String> statements;
    private final long intervalMillis;
    private ScheduledExecutorService executor;

    public Housekeeping(
            DataSource dataSource,
            @Any Instance<HousekeepingStatements> providers,
            @ConfigProperty(name = "zeropin.housekeeping.interval", defaultValue = "30s") java.time.Duration interval) {
        this.dataSource = dataSource;
        this.statements = providers.stream()
                .flatMap(provider -> provider.statements().stream())
                .toList();
        this.intervalMillis = interval.toMillis();
    }

    void onStart(@Observes StartupEvent event) {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "zeropin-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::runOnce, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** One round; returns the number of rows deleted. */
    public int runOnce() {
        int removed = 0;
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                removed += statement.executeUpdate(sql);
            }
        } catch (SQLException e) {
            Log.warnf("housekeeping failed, will retry: %s", e.getMessage());
        }
        if (removed > 0) {
            Log.debugf("housekeeping removed %d rows", removed);
        }
        return removed;
    }
}
