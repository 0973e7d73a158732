package dev.zeropin.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresServerTest {

    @TempDir
    Path dataDirectory;

    @Test
    void keepsDataAndPortAcrossARestartInTheSameDataDirectory() throws SQLException {
        try (PostgresServer server = PostgresServer.builder()
                .dataDirectory(dataDirectory)
                .durable(true)
                .databases("registration", "otp")
                .start()) {
            server.execute("otp", "CREATE TABLE kept (value text)");
            server.execute("otp", "INSERT INTO kept VALUES ('survives')");
            int port = server.port();

            server.stop();
            assertThat(server.isRunning()).isFalse();
            server.start();

            assertThat(server.port()).isEqualTo(port);
            try (Connection connection = DriverManager.getConnection(server.jdbcUrl("otp"), "postgres", "");
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT value FROM kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("survives");
            }
        }
    }

    @Test
    void durableServerReportsFsyncAndSynchronousCommitOnDespiteTheLibraryDefaults() {
        try (PostgresServer server = PostgresServer.builder()
                .dataDirectory(dataDirectory)
                .durable(true)
                .start()) {
            assertThat(server.durabilitySettings())
                    .containsEntry("fsync", "on")
                    .containsEntry("synchronous_commit", "on")
                    .containsEntry("full_page_writes", "on");
        }
    }

    @Test
    void testServerKeepsItsFastUnsafeSettings() {
        try (PostgresServer server = PostgresServer.builder().start()) {
            assertThat(server.durabilitySettings())
                    .containsEntry("fsync", "off")
                    .containsEntry("synchronous_commit", "off");
        }
    }

    @Test
    void createsOneDatabasePerService() throws SQLException {
        try (PostgresServer server =
                PostgresServer.builder().databases("registration", "otp").start()) {
            for (String database : new String[] {"registration", "otp"}) {
                try (Connection connection = DriverManager.getConnection(server.jdbcUrl(database), "postgres", "")) {
                    assertThat(connection.getCatalog()).isEqualTo(database);
                }
            }
            assertThat(server.reactiveUrl("otp")).isEqualTo("postgresql://127.0.0.1:" + server.port() + "/otp");
        }
    }

    @Test
    void refusesDatabaseNamesThatAreNotPlainIdentifiers() {
        assertThatThrownBy(() -> PostgresServer.builder().databases("otp; DROP DATABASE x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
