package dev.zeropin.infra.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
        String base = registrationUrl.toString().replaceAll("/+$", "");
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/console/bootstrap-links"))
                .header("Authorization", "Bearer " + adminToken)
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<String> response =
                    HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("registration-service refused the bootstrap link: HTTP "
                        + response.statusCode() + " " + response.body());
            }
            JsonNode json = new ObjectMapper().readTree(response.body());
            return new Link(
                    json.path("link").asText(),
                    Instant.parse(json.path("expiresAt").asText()),
                    json.path("globalAdministrators").asLong());
        } catch (IOException e) {
            throw new UncheckedIOException("registration-service at " + base + " cannot be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
