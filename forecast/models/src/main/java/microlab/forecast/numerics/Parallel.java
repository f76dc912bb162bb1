package microlab.forecast.numerics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the independent parts of one fit (auto's candidates) on all cores. The calling thread waits;
 * when it is interrupted (its fit's budget is spent, or its client has gone) the parts are interrupted
 * too and stop at their next {@link Cancellation} check.
 */
public final class Parallel {

    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final ExecutorService WORKERS = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
            task -> {
                Thread thread = new Thread(task, "forecast-candidate-" + COUNT.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });

    private Parallel() {
    }

    /** What a task threw, to be thrown unchanged: its runtime exception, its error, or a checked one wrapped. */
    public static RuntimeException cause(ExecutionException e) {
        if (e.getCause() instanceof Error error) {
            throw error;
        }
        return e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    }

    /** The tasks' results in their order; a task's exception comes through unchanged. */
    public static <T> List<T> all(List<Callable<T>> tasks) {
        List<Future<T>> futures = new ArrayList<>();
        try {
            for (Callable<T> task : tasks) {
                futures.add(WORKERS.submit(task));
            }
            List<T> results = new ArrayList<>(tasks.size());
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("the fit was stopped: its time budget is spent");
        } catch (ExecutionException e) {
            throw cause(e);
        } finally {
            // the parts still running when one failed or the wait was interrupted (finished ones ignore this)
            futures.forEach(future -> future.cancel(true));
        }
    }
}
