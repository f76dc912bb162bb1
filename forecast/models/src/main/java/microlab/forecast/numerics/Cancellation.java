package microlab.forecast.numerics;

import java.util.concurrent.CancellationException;

/**
 * Where a long fit looks whether it should stop: a thread that runs a fit is interrupted when the
 * fit's time budget is spent, and the loops that can run long (each objective evaluation of a search,
 * each backtest fold, each training epoch) throw here instead of finishing work nobody will read.
 */
public final class Cancellation {

    private Cancellation() {
    }

    public static void check() {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("the fit was stopped: its time budget is spent");
        }
    }
}
