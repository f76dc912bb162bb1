package microlab.forecast.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParallelTest {

    @Test
    void autoForecastsTheSameWithItsCandidatesInParallelAsOneAfterAnother() {
        Random random = new Random(21);
        double[] y = new double[900];
        for (int t = 0; t < y.length; t++) {
            y[t] = 50 + 10 * Math.sin(2 * Math.PI * t / 24) + ((t / 24) % 7 >= 5 ? -15 : 0) + random.nextGaussian();
        }
        Forecast parallel = new AutoModel().fit(y, 24, 48).forecast(48, 80);
        Forecast serial = new AutoModel(AutoModel.Policy.DEFAULT.serial()).fit(y, 24, 48).forecast(48, 80);
        assertEquals(serial.model(), parallel.model());
        assertArrayEquals(serial.mean(), parallel.mean(), 0);
        assertArrayEquals(serial.upper(), parallel.upper(), 0);
        assertEquals(serial.parameters(), parallel.parameters());
    }

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
