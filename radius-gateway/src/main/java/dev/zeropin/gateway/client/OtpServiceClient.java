package dev.zeropin.gateway.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.zeropin.gateway.config.GatewayConfig;
import dev.zeropin.internal.otp.InternalOtpApi;
import dev.zeropin.internal.otp.VerifyAnswer;
import dev.zeropin.internal.otp.VerifyBatch;
import dev.zeropin.internal.otp.VerifyBatchAnswer;
import dev.zeropin.internal.otp.VerifyRequest;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one internal call of the gateway: {@code POST} {@link InternalOtpApi#VERIFY_BATCH_PATH} (or
 * {@link InternalOtpApi#VERIFY_PATH}) in otp-service, with the records of the shared module
 * {@code otp-internal-api}; asynchronous on Vert.x, with a hard deadline per request and a bounded
 * number of requests in flight. Requests are micro-batched: what arrives while a batch is on its way
 * leaves together in the next one, so that one commit in otp-service carries many logins. It never blocks the caller
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
    private final ObjectReader batchAnswers;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger batchesSending = new AtomicInteger();
    private final DistributionSummary batchSizes;
    /** Until when (System.nanoTime) otp-service is asked one request per call: it lacked the batch call. */
    private volatile long aloneUntil = System.nanoTime();

    public OtpServiceClient(
            Vertx vertx, ServiceTokens tokens, ObjectMapper json, GatewayConfig config, MeterRegistry registry) {
        this.vertx = vertx;
        this.tokens = tokens;
        this.json = json;
        this.answers = json.readerFor(VerifyAnswer.class)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .with(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL);
        this.batchAnswers = json.readerFor(VerifyBatchAnswer.class)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .with(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL);
        this.batchSizes = DistributionSummary.builder("zeropin.gateway.otp.batch.size")
                .description("Verifications per call to otp-service")
                .register(registry);
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

    /** Verifications in flight now (waiting for a batch, or on their way). */
    public int inFlight() {
        return inFlight.get();
    }

    /** Asks otp-service; completes within the deadline with a decision or {@link Unavailable}. */
    public Uni<Outcome> verify(VerifyRequest request) {
        if (inFlight.incrementAndGet() > config.maxInFlight()) {
            inFlight.decrementAndGet();
            return Uni.createFrom().item(new Unavailable("overloaded"));
        }
        Uni<Outcome> asked =
                config.batching() && System.nanoTime() - aloneUntil >= 0 ? queued(request) : alone(request);
        return asked.ifNoItem()
                .after(config.deadline())
                .recoverWithItem(new Unavailable("timeout"))
                .onTermination()
                .invoke(inFlight::decrementAndGet);
    }

    /** A verification waiting for the next batch; settled once answered or given up. */
    private static final class Pending {
        final VerifyRequest request;
        final UniEmitter<? super Outcome> emitter;
        volatile boolean settled;

        Pending(VerifyRequest request, UniEmitter<? super Outcome> emitter) {
            this.request = request;
            this.emitter = emitter;
        }

        void complete(Outcome outcome) {
            emitter.complete(outcome);
        }
    }

    private Uni<Outcome> queued(VerifyRequest request) {
        return Uni.createFrom().emitter(emitter -> {
            Pending pending = new Pending(request, emitter);
            // Timed out (the deadline above) before its batch left: the batch leaves it out.
            emitter.onTermination(() -> pending.settled = true);
            queue.add(pending);
            dispatch();
        });
    }

    /**
     * Sends what is queued as one batch, unless {@code batches-in-flight} batches are on their way:
     * then the first of them to return sends it. No timer, so a lone request never waits.
     */
    private void dispatch() {
        while (!queue.isEmpty()) {
            int sending = batchesSending.get();
            if (sending >= config.batchesInFlight()) {
                return;
            }
            if (!batchesSending.compareAndSet(sending, sending + 1)) {
                continue;
            }
            List<Pending> batch = new ArrayList<>();
            Pending next;
            while (batch.size() < InternalOtpApi.MAX_BATCH && (next = queue.poll()) != null) {
                if (!next.settled) {
                    batch.add(next);
                }
            }
            if (batch.isEmpty()) {
                batchesSending.decrementAndGet();
                continue;
            }
            send(batch);
        }
    }

    private void send(List<Pending> batch) {
        Buffer body;
        try {
            body = Buffer.buffer(json.writeValueAsBytes(new VerifyBatch(
                    batch.stream().map(pending -> pending.request).toList())));
        } catch (IOException e) {
            batch.forEach(pending -> pending.complete(new Unavailable("error")));
            batchesSending.decrementAndGet();
            dispatch();
            return;
        }
        batchSizes.record(batch.size());
        post(InternalOtpApi.VERIFY_BATCH_PATH, body).onComplete(result -> {
            try {
                settle(batch, result);
            } finally {
                batchesSending.decrementAndGet();
                dispatch();
            }
        });
    }

    private void settle(List<Pending> batch, AsyncResult<HttpResponse<Buffer>> result) {
        if (result.failed()) {
            Unavailable cause = unavailable(result.cause());
            batch.forEach(pending -> pending.complete(cause));
            return;
        }
        HttpResponse<Buffer> response = result.result();
        if (response.statusCode() == 404 || response.statusCode() == 405) {
            // An otp-service older than this gateway (an upgrade in progress): one call per request,
            // and the batch call is tried again after a while.
            aloneUntil = System.nanoTime() + config.batchProbeInterval().toNanos();
            Log.warnf(
                    "otp-service has no %s; verifying one request per call for %s",
                    InternalOtpApi.VERIFY_BATCH_PATH, config.batchProbeInterval());
            batch.forEach(pending -> alone(pending.request).subscribe().with(pending::complete));
            return;
        }
        List<VerifyAnswer> answers = null;
        if (response.statusCode() == 200 && response.body() != null) {
            try {
                VerifyBatchAnswer read = batchAnswers.readValue(response.body().getBytes());
                answers = read == null ? null : read.answers();
            } catch (IOException e) {
                answers = null;
            }
        }
        if (answers == null || answers.size() != batch.size()) {
            Unavailable cause = new Unavailable(response.statusCode() >= 500 ? "unreachable" : "error");
            batch.forEach(pending -> pending.complete(cause));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            VerifyAnswer answer = answers.get(i);
            batch.get(i)
                    .complete(
                            answer == null || answer.result() == null ? new Unavailable("error") : new Decided(answer));
        }
    }

    /** One request in one call ({@link InternalOtpApi#VERIFY_PATH}); never fails. */
    private Uni<Outcome> alone(VerifyRequest request) {
        Buffer body;
        try {
            body = Buffer.buffer(json.writeValueAsBytes(request));
        } catch (IOException e) {
            return Uni.createFrom().item(new Unavailable("error"));
        }
        return Uni.createFrom()
                .completionStage(() -> post(InternalOtpApi.VERIFY_PATH, body).toCompletionStage())
                .map(this::toOutcome)
                .onFailure()
                .recoverWithItem(OtpServiceClient::unavailable);
    }

    private Future<HttpResponse<Buffer>> post(String path, Buffer body) {
        return client.post(port, host, basePath + path)
                .ssl(ssl)
                .timeout(config.deadline().toMillis())
                .putHeader("Authorization", "Bearer " + tokens.token())
                .putHeader("Content-Type", "application/json")
                .putHeader("Accept", "application/json")
                .sendBuffer(body);
    }

    private static Unavailable unavailable(Throwable failure) {
        return new Unavailable(
                failure instanceof TimeoutException
                                || failure.getClass().getSimpleName().contains("Timeout")
                        ? "timeout"
                        : "unreachable");
    }

    private Outcome toOutcome(HttpResponse<Buffer> response) {
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
