package dev.zeropin.otp.service;

import dev.zeropin.mpin.ProofBatch;
import dev.zeropin.otp.config.OtpConfig;
import dev.zeropin.support.problem.Problem;
import dev.zeropin.support.problem.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The threads that do M-Pin's curve work: point checks and pairing checks, as many threads as
 * cores, fed by one queue. New work ({@link #compute}: the point checks that start pass 1 and pass
 * 2) is admitted up to {@code otp.pairing.queue} waiting jobs; beyond that the request is refused at
 * once with 503 and {@code Retry-After} instead of piling up threads or latency. The pairing check
 * of an attempt that has already been counted ({@link #verify}) is never refused: its verdict must
 * come, and such checks are bounded by the pass-2 requests admitted before them.
 *
 * <p>Pairing checks are batched without a timer: a worker that becomes free takes everything that
 * has queued up meanwhile (up to {@code otp.pairing.max-batch}) and verifies the proofs among it
 * with one pairing product ({@link ProofBatch}). Under light load a batch is one proof; under heavy
 * load the cost of the pairing is shared by many.
 */
@ApplicationScoped
public class PairingPool {

    private final Queue<Task<?>> tasks = new ConcurrentLinkedQueue<>();
    private final Queue<Check> checks = new ConcurrentLinkedQueue<>();
    /** One permit per job enqueued; a worker that finds both queues empty simply waits again. */
    private final Semaphore signals = new Semaphore(0);

    private final AtomicInteger admitted = new AtomicInteger();
    private final int capacity;
    private final int maxBatch;
    private final OtpKeys keys;
    private final SecureRandom random;
    private final Thread[] workers;
    private final Counter pairingChecks;
    private final Counter refused;
    private final DistributionSummary batchSizes;

    public PairingPool(OtpConfig config, OtpKeys keys, SecureRandom random, MeterRegistry registry) {
        OtpConfig.Pairing settings = config.pairing();
        int threads = settings.threads() > 0
                ? settings.threads()
                : Runtime.getRuntime().availableProcessors();
        this.capacity = Math.max(1, settings.queue());
        this.maxBatch = Math.max(1, settings.maxBatch());
        this.keys = keys;
        this.random = random;
        this.pairingChecks = registry.counter("zeropin.mpin.pairing.checks");
        this.refused = registry.counter("zeropin.mpin.pairing.refused");
        this.batchSizes = DistributionSummary.builder("zeropin.mpin.pairing.batch")
                .description("proofs verified by one pairing product")
                .register(registry);
        this.workers = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Thread(this::work, "zeropin-pairing-" + i);
            workers[i].setDaemon(true);
            workers[i].start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        for (Thread worker : workers) {
            worker.interrupt();
        }
    }

    /** The number of worker threads. */
    public int threads() {
        return workers.length;
    }

    /**
     * Runs CPU work (a point check) on a worker; the result is emitted on the caller's Vert.x
     * context.
     *
     * @throws ProblemException (as the Uni's failure) 503 {@code server_busy} when the queue is full
     */
    public <T> Uni<T> compute(Supplier<T> work) {
        return submit(emitter -> {
            if (admitted.incrementAndGet() > capacity) {
                admitted.decrementAndGet();
                refused.increment();
                emitter.fail(busy());
                return;
            }
            tasks.add(new Task<>(work, emitter));
            signals.release();
        });
    }

    /**
     * Verifies one pass-2 proof, batched with whatever else is waiting; never refused (the attempt
     * is already counted). {@code proof} runs on the worker first (it may hash the identity).
     */
    public Uni<Boolean> verify(Supplier<ProofBatch.Proof> proof) {
        return submit(emitter -> {
            checks.add(new Check(proof, emitter));
            signals.release();
        });
    }

    private <T> Uni<T> submit(java.util.function.Consumer<UniEmitter<? super T>> enqueue) {
        Context context = Vertx.currentContext();
        Uni<T> uni = Uni.createFrom().emitter(enqueue);
        if (context == null) {
            return uni;
        }
        return uni.emitOn(command -> context.runOnContext(ignored -> command.run()));
    }

    /** The answer when the queue is full. */
    static ProblemException busy() {
        return new ProblemException(Problem.of(503, "server_busy", "Service Unavailable")
                .withDetail("Too many PIN proofs are waiting to be checked; retry in a moment.")
                .with("retryAfterSeconds", 1));
    }

    /**
     * A worker: pairing checks first (their attempts are counted and wait for a verdict), all that
     * are waiting as one batch; otherwise one point check.
     */
    private void work() {
        List<Check> batch = new ArrayList<>(maxBatch);
        List<ProofBatch.Proof> proofs = new ArrayList<>(maxBatch);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                signals.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Check check;
            while (batch.size() < maxBatch && (check = checks.poll()) != null) {
                try {
                    proofs.add(check.proof().get());
                    batch.add(check);
                } catch (RuntimeException e) {
                    check.emitter().fail(e);
                }
            }
            if (!batch.isEmpty()) {
                verifyAll(batch, proofs);
                batch.clear();
                proofs.clear();
                continue;
            }
            Task<?> task = tasks.poll();
            if (task != null) {
                admitted.decrementAndGet();
                task.run();
            }
        }
    }

    private void verifyAll(List<Check> checks, List<ProofBatch.Proof> proofs) {
        boolean[] verdicts;
        try {
            verdicts = ProofBatch.verify(keys.serverSecret(), proofs, random);
        } catch (RuntimeException e) {
            Log.errorf(e, "a batch of %d pairing checks failed", checks.size());
            checks.forEach(check -> check.emitter().fail(e));
            return;
        }
        pairingChecks.increment(checks.size());
        batchSizes.record(checks.size());
        for (int i = 0; i < verdicts.length; i++) {
            checks.get(i).emitter().complete(verdicts[i]);
        }
    }

    private record Task<T>(Supplier<T> work, UniEmitter<? super T> emitter) {
        void run() {
            T result;
            try {
                result = work.get();
            } catch (RuntimeException e) {
                emitter.fail(e);
                return;
            }
            emitter.complete(result);
        }
    }

    private record Check(Supplier<ProofBatch.Proof> proof, UniEmitter<? super Boolean> emitter) {}
}
