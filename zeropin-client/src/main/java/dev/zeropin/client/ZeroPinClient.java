package dev.zeropin.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zeropin.mpin.Device;
import dev.zeropin.mpin.InvalidPointException;
import dev.zeropin.mpin.MpinId;
import dev.zeropin.mpin.Wire;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reference device client: everything a browser or phone does, through the public API only,
 * with AMCL for the math. The client secret lives only between {@link #createIdentity} and
 * {@link #enrol}; the PIN only for the duration of a call.
 */
public final class ZeroPinClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI registrationUrl;
    private final HttpClient http;
    private final SecureRandom random = new SecureRandom();

    /** A client of the registration-service at {@code registrationUrl}. */
    public ZeroPinClient(URI registrationUrl) {
        this.registrationUrl = registrationUrl;
        // HTTP/1.1 as browsers speak it over plain http (no h2c upgrade), one connection per caller.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** A started registration. */
    public record Registration(String registrationId, Instant expiresAt) {}

    /** A freshly issued identity, with its client secret (to be turned into a token at once). */
    public record IssuedIdentity(
            String mpinId, byte[] clientSecret, byte[] hid, String userId, String clientId, String otpServiceUrl) {}

    /** An OTP and when it stops being valid. */
    public record Otp(String code, Instant expiresAt) {}

    /** Starts the registration of a User ID; the code and link arrive by e-mail. */
    public Registration startRegistration(String clientId, String userId) {
        JsonNode body =
                post(registrationUrl.resolve("/api/v1/registrations"), Map.of("clientId", clientId, "userId", userId));
        return new Registration(
                body.get("registrationId").asText(),
                Instant.parse(body.get("verification").get("expiresAt").asText()));
    }

    /** Verifies with the e-mailed code; returns the one-time activation token. */
    public String verifyCode(String registrationId, String code) {
        return post(verification(registrationId), Map.of("code", code))
                .get("activationToken")
                .asText();
    }

    /** Verifies with the token of the e-mailed link; returns the one-time activation token. */
    public String verifyLink(String registrationId, String linkToken) {
        return post(verification(registrationId), Map.of("linkToken", linkToken))
                .get("activationToken")
                .asText();
    }

    /** Exchanges the activation token for an identity and its client secret. */
    public IssuedIdentity createIdentity(String activationToken, String deviceLabel) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("activationToken", activationToken);
        request.put("deviceLabel", deviceLabel);
        JsonNode body = post(registrationUrl.resolve("/api/v1/identities"), request);
        return new IssuedIdentity(
                body.get("mpinId").asText(),
                decode(body.get("clientSecret").asText()),
                decode(body.get("hid").asText()),
                body.get("userId").asText(),
                body.get("clientId").asText(),
                body.get("otpServiceUrl").asText());
    }

    /**
     * Removes the PIN from the client secret and forgets the secret: {@code T = CS − PIN·H(id)}.
     *
     * @throws IllegalArgumentException for {@code 0000} or a PIN that is not 4 digits
     */
    public static StoredIdentity enrol(IssuedIdentity identity, int pin) {
        MpinId id = MpinId.parse(identity.mpinId());
        byte[] token = Device.extractPin(id, identity.clientSecret(), pin);
        Arrays.fill(identity.clientSecret(), (byte) 0);
        return new StoredIdentity(
                identity.mpinId(),
                Wire.encode(token),
                Wire.encode(identity.hid()),
                identity.userId(),
                identity.clientId(),
                identity.otpServiceUrl());
    }

    /**
     * Proves knowledge of token and PIN (pass 1, pass 2) and returns the OTP.
     *
     * @throws ZeroPinException {@code authentication_failed} (with attempts left),
     *     {@code identity_revoked}, {@code session_invalid}, {@code too_many_requests}...
     */
    public Otp obtainOtp(StoredIdentity identity, int pin) {
        MpinId id = MpinId.parse(identity.mpinId());
        URI otpService = URI.create(identity.otpServiceUrl());
        Device.Pass1 pass1 = Device.pass1(id, decode(identity.token()), pin, random);
        JsonNode challenge = post(
                otpService.resolve("/api/v1/authenticate/pass1"),
                Map.of("mpinId", identity.mpinId(), "u", Wire.encode(pass1.u())));
        byte[] v = Device.pass2(pass1, decode(challenge.get("y").asText()));
        Arrays.fill(pass1.x(), (byte) 0);
        Arrays.fill(pass1.secret(), (byte) 0);
        JsonNode otp = post(
                otpService.resolve("/api/v1/authenticate/pass2"),
                Map.of("sessionId", challenge.get("sessionId").asText(), "v", Wire.encode(v)));
        return new Otp(
                otp.get("otp").asText(), Instant.parse(otp.get("expiresAt").asText()));
    }

    private URI verification(String registrationId) {
        return registrationUrl.resolve("/api/v1/registrations/" + registrationId + "/verification");
    }

    private JsonNode post(URI uri, Map<String, ?> body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
            if (response.statusCode() >= 400) {
                throw new ZeroPinException(
                        response.statusCode(),
                        json.path("code").asText("http_" + response.statusCode()),
                        json.path("detail").asText(null),
                        json.has("attemptsLeft") ? json.get("attemptsLeft").asInt() : null);
            }
            return json;
        } catch (IOException e) {
            throw new ZeroPinException(0, "network_error", e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZeroPinException(0, "interrupted", null, null);
        }
    }

    private static byte[] decode(String text) {
        try {
            return Wire.decode(text);
        } catch (InvalidPointException e) {
            throw new ZeroPinException(0, "malformed_response", e.getMessage(), null);
        }
    }
}
