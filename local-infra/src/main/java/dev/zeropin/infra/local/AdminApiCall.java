package dev.zeropin.infra.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One call of registration-service's admin API with an operator's admin token: the local mode,
 * {@code zeropin admin-bootstrap} and {@code zeropin keys reseal-nas-secrets} all post through it.
 */
public final class AdminApiCall {

    /**
     * What the admin API answered.
     *
     * @param status the HTTP status
     * @param body the body (JSON, or problem+json)
     */
    public record Answer(int status, String body) {}

    private AdminApiCall() {}

    /**
     * POSTs without a body to {@code path} of the registration-service at {@code registrationUrl}.
     *
     * @throws UncheckedIOException when the service cannot be reached
     */
    public static Answer post(URI registrationUrl, String adminToken, String path, Duration timeout) {
        String base = registrationUrl.toString().replaceAll("/+$", "");
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + adminToken)
                .header("Accept", "application/json")
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<String> response =
                    HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("registration-service at " + base + " cannot be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
