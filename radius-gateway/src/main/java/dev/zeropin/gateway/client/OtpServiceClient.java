package dev.zeropin.gateway.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.zeropin.gateway.config.GatewayConfig;
import dev.zeropin.internal.otp.InternalOtpApi;
import dev.zeropin.internal.otp.VerifyAnswer;
import dev.zeropin.internal.otp.VerifyRequest;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one internal call of the gateway: {@code POST} {@link InternalOtpApi#VERIFY_PATH} in
 * otp-service, with the records of the shared module {@code otp-internal-api}; asynchronous on
 * Vert.x, with a hard deadline and a bounded number of calls in flight. It never blocks the caller
 * and never fails: whatever goes wrong becomes {@link Unavailable}. An answer with fields or
 * reasons that this gateway does not know yet (a newer otp-service) is still read.
 */
@ApplicationScoped
public class OtpServiceClient {

    /** The outcome of a call. */
    public sealed interface Outcome {}

    /** otp-service decided. */
    public record Decided(VerifyAnswer answer) implements Outcome {}

    /** otp-service could not decide in time: {@code cause} is timeout, overloaded, unreachable or error. */
    public record Unavailable(String cause) implements Outcome {}

    private static final long WARM_UP_TIMEOUT_MILLIS = 10_000;
    private static final int WARM_UP_ATTEMPTS = 60;

    private final Vertx vertx;
    private final WebClient client;
    private final ServiceTokens tokens;
    private final ObjectMapper json;
    private final ObjectReader answers;
    private final GatewayConfig.Otp config;
    private final String host;
    private final int port;
    private final boolean ssl;
    private final String basePath;
    private final AtomicInteger inFlight = new AtomicInteger();

    public OtpServiceClient(Vertx vertx, ServiceTokens tokens, ObjectMapper json, GatewayConfig config) {
        this.vertx = vertx;
        this.tokens = tokens;
        this.json = json;
        this.answers = json.readerFor(VerifyAnswer.class)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .with(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL);
        this.config = config.otp();
        URI url = URI.create(this.config.url());
        this.ssl = "https".equalsIgnoreCase(url.getScheme());
        this.host = url.getHost();
        this.port = url.getPort() > 0 ? url.getPort() : ssl ? 443 : 80;
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        int deadline = (int) this.config.deadline().toMillis();
        WebClientOptions options = new WebClientOptions()
                .setSsl(ssl)
                .setConnectTimeout(deadline)
                .setIdleTimeout(30)
                .setKeepAlive(true)
                .setMaxPoolSize(Math.max(8, this.config.maxInFlight() / 4))
                .setUserAgent("zeropin-radius-gateway");
        this.config
                .trustedCertificateFile()
                .ifPresent(file -> options.setTrustOptions(new PemTrustOptions().addCertPath(file))
                        // Pinned: only the holder of this certificate's key can answer, whatever its name.
                        .setVerifyHost(false));
        if (ssl) {
            // HTTP/2 over TLS: a burst of logins shares one or two connections instead of opening (and
            // paying a handshake for) one each.
            options.setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(true).setHttp2MaxPoolSize(2);
        }
        this.client = WebClient.create(vertx, options);
    }

    /** Calls in flight now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Asks otp-service; completes within the deadline with a decision or {@link Unavailable}. */
    public Uni<Outcome> verify(VerifyRequest request) {
        if (inFlight.incrementAndGet() > config.maxInFlight()) {
            inFlight.decrementAndGet();
            return Uni.createFrom().item(new Unavailable("overloaded"));
        }
        Buffer body;
        try {
            body = Buffer.buffer(json.writeValueAsBytes(request));
        } catch (IOException e) {
            inFlight.decrementAndGet();
            return Uni.createFrom().item(new Unavailable("error"));
        }
        long deadline = config.deadline().toMillis();
        return Uni.createFrom()
                .completionStage(() -> client.post(port, host, basePath + InternalOtpApi.VERIFY_PATH)
                        .ssl(ssl)
                        .timeout(deadline)
                        .putHeader("Authorization", "Bearer " + tokens.token())
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Accept", "application/json")
                        .sendBuffer(body)
                        .toCompletionStage())
                .ifNoItem()
                .after(config.deadline())
                .failWith(TimeoutException::new)
                .map(this::toOutcome)
                .onFailure()
                .recoverWithItem(failure -> new Unavailable(
                        failure instanceof TimeoutException
                                        || failure.getClass().getSimpleName().contains("Timeout")
                                ? "timeout"
                                : "unreachable"))
                .onTermination()
                .invoke(inFlight::decrementAndGet);
    }

    private Outcome toOutcome(io.vertx.ext.web.client.HttpResponse<Buffer> response) {
        if (response.statusCode() != 200 || response.body() == null) {
            return new Unavailable(response.statusCode() >= 500 ? "unreachable" : "error");
        }
        try {
            VerifyAnswer answer = answers.readValue(response.body().getBytes());
            return answer == null || answer.result() == null ? new Unavailable("error") : new Decided(answer);
        } catch (IOException e) {
            return new Unavailable("error");
        }
    }

    /**
     * Opens the connection to otp-service at start-up, retrying while otp-service is not up yet: the
     * first TLS handshake of a JVM costs class loading and key set-up on both sides, which the first
     * NAS to ask would otherwise wait for.
     */
    void warmUp(@Observes StartupEvent event) {
        warmUp(WARM_UP_ATTEMPTS);
    }

    private void warmUp(int attemptsLeft) {
        client.get(port, host, "/q/health/live")
                .ssl(ssl)
                .timeout(WARM_UP_TIMEOUT_MILLIS)
                .send()
                .onComplete(answer -> {
                    if (answer.succeeded()) {
                        Log.debugf("connection to otp-service open");
                    } else if (attemptsLeft > 1) {
                        vertx.setTimer(1_000, ignored -> warmUp(attemptsLeft - 1));
                    }
                });
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
