package microlab.forecast.evaluation;

import microlab.forecast.model.DriftModel;
import microlab.forecast.selection.Models;
import microlab.forecast.model.NaiveModel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BacktestTest {

    @Test
    void scoresEveryFoldAgainstHandComputedNaiveErrors() {
        // Origins 6 and 8 with horizon 2: naive forecasts 6 (for 7, 8) and 8... of a line y = t + 1.
        double[] y = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        BacktestResult result = Backtest.run(y, 1, 2, 2, 80, List.of(new NaiveModel()));
        ModelScore naive = result.scores().get(0);
        // Fold 1: train 1..6, forecast 6, actual 7, 8 -> errors 1, 2; fold 2: train 1..8 -> errors 1, 2.
        assertEquals(1.5, naive.mae(), 1e-12);
        // The in-sample scale of a line with slope 1 is 1.
        assertEquals(1.5, naive.mase(), 1e-12);
        double smape = ((200.0 / 13 + 400.0 / 14) / 2 + (200.0 / 17 + 400.0 / 18) / 2) / 2;
        assertEquals(smape, naive.smape(), 1e-12);
        assertEquals("naive", result.winner());
    }

    @Test
    void coverageIsCountedPerStepAhead() {
        // a random walk: naive's interval widens with the step as the walk's spread does, so its
        // coverage holds near 80% at every step ahead
        java.util.Random random = new java.util.Random(3);
        double[] y = new double[400];
        y[0] = 100;
        for (int t = 1; t < y.length; t++) {
            y[t] = y[t - 1] + random.nextGaussian();
        }
        ModelScore naive = Backtest.run(y, 1, 5, 40, 80, List.of(new NaiveModel())).scores().get(0);
        assertEquals(5, naive.coverageByStep().length);
        assertEquals(naive.coverage(), java.util.Arrays.stream(naive.coverageByStep()).average().orElseThrow(), 1e-12);
        for (double share : naive.coverageByStep()) {
            assertTrue(share > 0.6 && share < 0.97, "naive's 80% interval covered " + share + " at one step");
        }
        // two folds of horizon 2: the mean of the two steps is the overall coverage
        ModelScore line = Backtest.run(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 1, 2, 2, 80, List.of(new NaiveModel()))
                .scores().get(0);
        assertEquals(2, line.coverageByStep().length);
        assertEquals(line.coverage(), (line.coverageByStep()[0] + line.coverageByStep()[1]) / 2, 1e-12);
    }

    @Test
    void theWinnerHasTheLowestMase() {
        double[] y = new double[60];
        for (int t = 0; t < y.length; t++) {
            y[t] = 3 + 0.5 * t;
        }
        BacktestResult result = Backtest.run(y, 1, 5, 3, 80, List.of(new NaiveModel(), new DriftModel()));
        assertEquals("drift", result.winner());
        assertTrue(result.scores().get(1).mase() < 1e-9);
    }

    @Test
    void aModelThatCannotFitTheShortestWindowIsLeftOut() {
        double[] y = new double[30];
        for (int t = 0; t < y.length; t++) {
            y[t] = 10 + Math.sin(t);
        }
        BacktestResult result = Backtest.run(y, 12, 5, 2, 80, Models.statistical());
        assertTrue(result.scores().stream().noneMatch(s -> s.model().equals("snaive")));
        assertTrue(result.scores().stream().anyMatch(s -> s.model().equals("naive")));
    }

    @Test
    void aSeriesTooShortForTheFoldsIsRejectedWithTheLimit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backtest.run(new double[20], 1, 10, 3, 80, List.of(new NaiveModel())));
        assertEquals("A backtest of 3 folds of horizon 10 needs at least 32 points; the series has 20.", e.getMessage());
    }
}
