package dev.zeropin.support.concurrent;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Runs CPU-heavy work (pairings, scalar multiplications) on a worker thread and resumes on the
 * caller's Vert.x context, so that the event loop never blocks and Hibernate Reactive sessions are
 * used from the thread they belong to.
 */
public final class Offload {

    private Offload() {}

    /** {@code work} on the default worker pool; the item is emitted back on the current context. */
    public static <T> Uni<T> compute(Supplier<T> work) {
        return compute(work, Infrastructure.getDefaultWorkerPool());
    }

    /** {@code work} on {@code executor}; the item is emitted back on the current context. */
    public static <T> Uni<T> compute(Supplier<T> work, Executor executor) {
        Context context = Vertx.currentContext();
        Uni<T> uni = Uni.createFrom().item(work).runSubscriptionOn(executor);
        if (context == null) {
            return uni;
        }
        return uni.emitOn(command -> context.runOnContext(ignored -> command.run()));
    }
}
