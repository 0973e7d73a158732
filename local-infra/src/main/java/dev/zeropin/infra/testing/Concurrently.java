package dev.zeropin.infra.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Runs tasks at the same instant, for race tests: each task has its own thread, every thread waits
 * at one latch, and the latch opens once all are submitted.
 */
public final class Concurrently {

    private Concurrently() {}

    /**
     * Prepares {@code count} tasks on the calling thread ({@code task.apply(i)} for i = 0 … count - 1),
     * runs them together and returns their results in task order.
     */
    public static <T> List<T> run(int count, IntFunction<Callable<T>> task) throws Exception {
        List<Callable<T>> tasks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tasks.add(task.apply(i));
        }
        return runAll(tasks);
    }

    /**
     * Runs {@code tasks} together and returns their results in the same order. The first failing
     * task (in that order) fails the call with its own exception or error; the threads are stopped
     * either way.
     */
    public static <T> List<T> runAll(List<Callable<T>> tasks) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<T>> running = new ArrayList<>(tasks.size());
            for (Callable<T> task : tasks) {
                running.add(pool.submit(() -> {
                    go.await();
                    return task.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>(tasks.size());
            for (Future<T> result : running) {
                results.add(result.get());
            }
            return results;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        } finally {
            pool.shutdownNow();
        }
    }
}
