package dev.zeropin.otp.service;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Warms the verification path up after a start and holds readiness until it is warm: a restarted
 * replica takes NAS requests only once its first verification costs what the next ones cost
 * ({@link OtpService#warmUp()}). The warm-up runs beside the start-up, on a thread of its own, and
 * a failing one (the database away) is tried again for a minute; after that the replica turns
 * ready anyway, as it would have without this check.
 */
@Readiness
@ApplicationScoped
public class VerificationWarmUp implements AsyncHealthCheck {

    private static final Logger log = Logger.getLogger(VerificationWarmUp.class);

    /** Rounds of the warm-up: the first opens connections and parses statements, the next ones compile. */
    private static final int ROUNDS = 3;

    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(1);

    private final OtpService otps;
    private final AtomicBoolean done = new AtomicBoolean();

    public VerificationWarmUp(OtpService otps) {
        this.otps = otps;
    }

    void start(@Observes StartupEvent event) {
        Thread thread = new Thread(this::warmUp, "zeropin-verification-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private void warmUp() {
        long started = System.nanoTime();
        long deadline = started + GIVE_UP_AFTER.toNanos();
        int round = 0;
        while (round < ROUNDS && System.nanoTime() < deadline) {
            try {
                VertxContextSupport.subscribeAndAwait(otps::warmUp);
                round++;
            } catch (Throwable failure) {
                log.debugf(failure, "verification warm-up failed; trying again");
                if (!pause()) {
                    break;
                }
            }
        }
        done.set(true);
        log.infof(
                "verification warm-up: %d of %d rounds in %d ms",
                round, ROUNDS, (System.nanoTime() - started) / 1_000_000);
    }

    private static boolean pause() {
        try {
            Thread.sleep(500);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom()
                .item(HealthCheckResponse.named("verification-warm-up")
                        .status(done.get())
                        .build());
    }
}
