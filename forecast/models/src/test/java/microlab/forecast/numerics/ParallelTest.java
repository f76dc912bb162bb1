package microlab.forecast.numerics;

import microlab.forecast.model.InvalidSeriesException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParallelTest {

    @Test
    void aStoppedCallerStopsItsParts() throws Exception {
        CountDownLatch running = new CountDownLatch(2);
        AtomicInteger stopped = new AtomicInteger();
        Callable<Integer> part = () -> {
            running.countDown();
            try {
                while (true) {
                    Cancellation.check();
                    Thread.onSpinWait();
                }
            } catch (CancellationException e) {
                stopped.incrementAndGet();
                throw e;
            }
        };
        Thread caller = new Thread(() -> assertThrows(CancellationException.class, () -> Parallel.all(List.of(part, part))));
        caller.start();
        assertTrue(running.await(5, TimeUnit.SECONDS), "the parts never started");
        caller.interrupt();
        caller.join(5_000);
        long end = System.currentTimeMillis() + 5_000;
        while (stopped.get() < 2 && System.currentTimeMillis() < end) {
            Thread.sleep(10);
        }
        assertEquals(2, stopped.get(), "both parts stop when their caller is stopped");
    }

    @Test
    void aPartsFailureComesThroughUnchanged() {
        Callable<Integer> fails = () -> {
            throw new InvalidSeriesException("too short");
        };
        InvalidSeriesException e = assertThrows(InvalidSeriesException.class, () -> Parallel.all(List.of(() -> 1, fails)));
        assertEquals("too short", e.getMessage());
    }
}
