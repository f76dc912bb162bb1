package microlab.forecast.forecasting;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.http.HttpStatus;
import microlab.forecast.numerics.Cancellation;
import microlab.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComputeBudgetTest {

    @Test
    void aFitPastItsBudgetIsStoppedAndItsSlotComesBack() throws Exception {
        ComputeBudget budget = new ComputeBudget(1, Duration.ofMillis(300), Duration.ofSeconds(5));
        AtomicBoolean stopped = new AtomicBoolean();
        long start = System.nanoTime();
        ProblemException refused = assertThrows(ProblemException.class, () -> budget.run(() -> {
            try {
                while (true) {
                    Cancellation.check();
                }
            } finally {
                stopped.set(true);
            }
        }));
        assertEquals(HttpStatus.SERVICE_UNAVAILABLE, refused.status());
        assertTrue(refused.getMessage().contains("budget"), refused.getMessage());
        assertTrue(refused.retryAfterSeconds() > 0);
        // the next fit gets the one slot: the stopped one gave it back (the queue wait is 5 s)
        assertEquals("next", budget.run(() -> "next"));
        assertTrue(stopped.get(), "the loop saw the interruption and ended");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
        budget.close();
    }

    @Test
    void pastTheBoundOfConcurrentFitsA503ComesAfterTheQueueWait() throws Exception {
        ComputeBudget budget = new ComputeBudget(2, Duration.ofSeconds(10), Duration.ofMillis(200));
        CountDownLatch running = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<?> first = CompletableFuture.runAsync(() -> budget.run(() -> hold(running, release)));
        CompletableFuture<?> second = CompletableFuture.runAsync(() -> budget.run(() -> hold(running, release)));
        assertTrue(running.await(5, TimeUnit.SECONDS));

        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        new ComputeMetrics(budget).bindTo(meters);
        assertEquals(2, meters.get("forecast.compute.slots").gauge().value());
        assertEquals(2, meters.get("forecast.compute.slots.busy").gauge().value());
        assertEquals(0, meters.get("forecast.compute.refused").functionCounter().count());

        ProblemException busy = assertThrows(ProblemException.class, () -> budget.run(() -> "third"));
        assertEquals(HttpStatus.SERVICE_UNAVAILABLE, busy.status());
        assertTrue(busy.getMessage().contains("All 2 forecasting slots are busy"), busy.getMessage());
        assertEquals(1, meters.get("forecast.compute.refused").functionCounter().count());

        release.countDown();
        first.get(5, TimeUnit.SECONDS);
        second.get(5, TimeUnit.SECONDS);
        assertEquals(0, meters.get("forecast.compute.slots.busy").gauge().value());
        assertEquals("third", budget.run(() -> "third"));
        budget.close();
    }

    @Test
    void theWorksOwnExceptionsComeThroughUnchanged() {
        ComputeBudget budget = new ComputeBudget(1, Duration.ofSeconds(5), Duration.ofSeconds(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> budget.run(() -> {
                    throw new IllegalArgumentException("too short");
                }));
        assertEquals("too short", e.getMessage());
        assertEquals("ok", budget.run(() -> "ok"));
        budget.close();
    }

    private static Object hold(CountDownLatch running, CountDownLatch release) {
        running.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }
}
