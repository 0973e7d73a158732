package dev.zeropin.infra.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConcurrentlyTest {

    @Test
    void everyTaskRunsAtTheSameTimeAndTheResultsKeepTheirOrder() throws Exception {
        int count = 12;
        CyclicBarrier allInside = new CyclicBarrier(count);
        List<Integer> results = Concurrently.run(count, i -> () -> {
            // Passes only if all tasks are running at once.
            allInside.await(10, TimeUnit.SECONDS);
            return i * i;
        });

        assertThat(results).hasSize(count).containsExactly(0, 1, 4, 9, 16, 25, 36, 49, 64, 81, 100, 121);
    }

    @Test
    void tasksArePreparedOnTheCallingThreadBeforeAnyRuns() throws Exception {
        AtomicInteger prepared = new AtomicInteger();
        Thread caller = Thread.currentThread();
        List<Integer> seenWhenRunning = Concurrently.run(5, i -> {
            assertThat(Thread.currentThread()).isSameAs(caller);
            prepared.incrementAndGet();
            return prepared::get;
        });

        assertThat(seenWhenRunning).containsOnly(5);
    }

    @Test
    void aFailingTaskFailsTheCallWithItsOwnException() {
        List<Callable<String>> tasks = List.of(
                () -> "fine",
                () -> {
                    throw new IllegalStateException("task 2 broke");
                },
                () -> {
                    throw new AssertionError("task 3 broke");
                });

        assertThatThrownBy(() -> Concurrently.runAll(tasks))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("task 2 broke");
    }
}
