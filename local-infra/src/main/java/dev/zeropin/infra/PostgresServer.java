package dev.zeropin.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * A real PostgreSQL server run from the binaries shipped in Maven jars (zonky). As root it runs
 * {@code initdb}/{@code postgres} as {@code nobody} in a user namespace.
 *
 * <p>With a data directory the cluster survives restarts (local mode); without one it lives in a
 * temporary directory that is removed on stop (tests). Where user namespaces are forbidden, tests
 * use an external server instead ({@code ZEROPIN_TEST_POSTGRES_URL}, DEVELOPERS.md).
 */
public final class PostgresServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PostgresServer.class);
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final String SUPERUSER = "postgres";

    private final Path dataDirectory;
    private final boolean durable;
    private final List<String> databases;
    private int port;
    private EmbeddedPostgres postgres;

    private PostgresServer(Builder builder) {
        this.dataDirectory = builder.dataDirectory;
        this.durable = builder.durable;
        this.databases = List.copyOf(builder.databases);
        this.port = builder.port;
    }

    /** A builder for a server on a free port, in a temporary directory, with fast test settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts the server (again, after {@link #stop()}) and creates the missing databases. */
    public synchronized PostgresServer start() {
        if (postgres != null) {
            return this;
        }
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("listen_addresses", "127.0.0.1");
            if (port > 0) {
                builder.setPort(port);
            }
            if (dataDirectory != null) {
                stopStalePostmaster();
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            if (durable) {
                // The library starts the postmaster with -F (fsync off) and synchronous_commit=off
                // unless told otherwise; these come after -F on the command line and win.
                builder.setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on");
            } else {
                // Test-only speed-ups; never the product's defaults.
                builder.setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off");
            }
            postgres = builder.start();
            port = postgres.getPort();
            createDatabases();
            LOG.infof("PostgreSQL listening on 127.0.0.1:%d", port);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
        }
    }

    /**
     * A postmaster left running by a launcher that was killed (not stopped) still holds the data
     * directory; it is ours, so stop it before starting again.
     */
    private void stopStalePostmaster() {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
            ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(process -> process.info().command().orElse("").endsWith("postgres"))
                    .ifPresent(process -> {
                        LOG.warnf("stopping a PostgreSQL (pid %d) left running in %s", pid, dataDirectory);
                        process.destroy();
                        process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
                    });
        } catch (IOException | RuntimeException e) {
            LOG.warnf("could not check %s: %s", pidFile, e.getMessage());
        }
    }

    private void createDatabases() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            for (String database : databases) {
                try (PreparedStatement exists =
                        connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                    exists.setString(1, database);
                    try (ResultSet rows = exists.executeQuery()) {
                        if (rows.next()) {
                            continue;
                        }
                    }
                }
                try (Statement create = connection.createStatement()) {
                    create.execute("CREATE DATABASE " + database);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the databases " + databases, e);
        }
    }

    /** Stops the server; {@link #start()} brings it back with the same port and data. */
    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not stop cleanly", e);
        } finally {
            postgres = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return postgres != null;
    }

    public synchronized int port() {
        return port;
    }

    public String username() {
        return SUPERUSER;
    }

    /** The JDBC URL of one of the databases (used by Flyway). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** The Vert.x reactive client URL of one of the databases (used by Hibernate Reactive). */
    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /**
     * The durability settings as the running server reports them ({@code SHOW fsync},
     * {@code SHOW synchronous_commit}, {@code SHOW full_page_writes}), for benchmark tables and the
     * local mode's checks.
     */
    public Map<String, String> durabilitySettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String name : List.of("fsync", "synchronous_commit", "full_page_writes")) {
            Object value = query("postgres", "SHOW " + name).get(0).get(name);
            settings.put(name, String.valueOf(value));
        }
        return settings;
    }

    /** Runs one SQL statement as superuser on a database; for tests and the local mode's checks. */
    public void execute(String database, String sql) {
        Objects.requireNonNull(postgres, "PostgreSQL is not running");
        try (Connection connection = postgres.getDatabase(SUPERUSER, database).getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + database + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs a query as superuser on a database and returns its rows as column-name maps; tests use
     * it to look at what a service stored.
     */
    public List<Map<String, Object>> query(String database, String sql, Object... parameters) {
        Objects.requireNonNull(postgres, "PostgreSQL is not running");
        try (Connection connection = postgres.getDatabase(SUPERUSER, database).getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        row.put(meta.getColumnLabel(column), result.getObject(column));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed on " + database + ": " + e.getMessage(), e);
        }
    }

    /** Configures a {@link PostgresServer}. */
    public static final class Builder {
        private Path dataDirectory;
        private boolean durable;
        private int port;
        private List<String> databases = List.of();

        private Builder() {}

        /** Keeps the cluster in this directory across restarts. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        /**
         * Production durability: {@code fsync}, {@code synchronous_commit} and {@code full_page_writes}
         * on, set explicitly over the library's defaults; off by default (tests).
         */
        public Builder durable(boolean durable) {
            this.durable = durable;
            return this;
        }

        /** A fixed port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Databases created at start when missing, one per service. */
        public Builder databases(String... databases) {
            for (String database : databases) {
                if (!DATABASE_NAME.matcher(database).matches()) {
                    throw new IllegalArgumentException("not a plain database name: " + database);
                }
            }
            this.databases = List.of(databases);
            return this;
        }

        public PostgresServer start() {
            return new PostgresServer(this).start();
        }

        public PostgresServer build() {
            return new PostgresServer(this);
        }
    }
}
