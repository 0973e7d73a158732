package dev.zeropin.infra.testing;

import dev.zeropin.infra.PostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Starts a real PostgreSQL for a Quarkus test and points the default datasource at one database
 * (init argument {@code database}).
 *
 * <p>Where user namespaces are forbidden, set {@code ZEROPIN_TEST_POSTGRES_URL} to
 * {@code postgresql://user:password@host:port} of a server the tests may create databases on.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    /** Environment variable naming an external server to use instead of the embedded one. */
    public static final String EXTERNAL_URL_ENV = "ZEROPIN_TEST_POSTGRES_URL";

    private String database = "zeropin";
    private PostgresServer server;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        String external = System.getenv(EXTERNAL_URL_ENV);
        if (external != null && !external.isBlank()) {
            return external(URI.create(external));
        }
        server = PostgresServer.builder().databases(database).start();
        return Map.of(
                "quarkus.datasource.jdbc.url", server.jdbcUrl(database),
                "quarkus.datasource.reactive.url", server.reactiveUrl(database),
                "quarkus.datasource.username", server.username(),
                "quarkus.datasource.password", "");
    }

    private Map<String, String> external(URI uri) {
        String[] credentials = uri.getUserInfo().split(":", 2);
        String hostPort = uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 5432);
        String user = credentials[0];
        String password = credentials.length > 1 ? credentials[1] : "";
        try (Connection connection =
                        DriverManager.getConnection("jdbc:postgresql://" + hostPort + "/postgres", user, password);
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rows = exists.executeQuery()) {
                if (!rows.next()) {
                    try (Statement create = connection.createStatement()) {
                        create.execute("CREATE DATABASE " + database);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("external PostgreSQL " + hostPort + " is not usable", e);
        }
        return Map.of(
                "quarkus.datasource.jdbc.url",
                "jdbc:postgresql://" + hostPort + "/" + database,
                "quarkus.datasource.reactive.url",
                "postgresql://" + hostPort + "/" + database,
                "quarkus.datasource.username",
                user,
                "quarkus.datasource.password",
                password);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(
                server, new TestInjector.AnnotatedAndMatchesType(InjectPostgres.class, PostgresServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
