package dev.zeropin.infra.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * Asks registration-service's admin API for a one-time link that makes its user a global console
 * administrator ({@code POST /api/v1/admin/console/bootstrap-links}); used by the local mode and by
 * {@code zeropin admin-bootstrap}.
 */
public final class ConsoleBootstrap {

    /**
     * A bootstrap link.
     *
     * @param link open it in the browser that holds your ZeroPIN identity, then enter its PIN
     * @param expiresAt when it stops working
     * @param globalAdministrators how many global administrators existed already
     */
    public record Link(String link, Instant expiresAt, long globalAdministrators) {}

    private ConsoleBootstrap() {}

    /** Creates a link at the registration-service of {@code registrationUrl}. */
    public static Link create(URI registrationUrl, String adminToken) {
        AdminApiCall.Answer answer = AdminApiCall.post(
                registrationUrl, adminToken, "/api/v1/admin/console/bootstrap-links", Duration.ofSeconds(20));
        if (answer.status() != 201) {
            throw new IllegalStateException(
                    "registration-service refused the bootstrap link: HTTP " + answer.status() + " " + answer.body());
        }
        try {
            JsonNode json = new ObjectMapper().readTree(answer.body());
            return new Link(
                    json.path("link").asText(),
                    Instant.parse(json.path("expiresAt").asText()),
                    json.path("globalAdministrators").asLong());
        } catch (IOException e) {
            throw new UncheckedIOException("registration-service answered no JSON", e);
        }
    }
}
