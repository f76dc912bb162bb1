package microlab.forecast.evaluation;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsTest {

    private static final double[] ACTUAL = {10, 20, 30, 40};
    private static final double[] FORECAST = {12, 18, 30, 50};

    @Test
    void maeIsTheMeanAbsoluteError() {
        // |10-12| + |20-18| + 0 + |40-50| = 14, over 4 steps
        assertEquals(3.5, Metrics.mae(ACTUAL, FORECAST), 1e-12);
    }

    @Test
    void smapeFollowsTheM4Definition() {
        // 200*2/22 + 200*2/38 + 0 + 200*10/90, over 4 steps
        double expected = (400.0 / 22 + 400.0 / 38 + 2000.0 / 90) / 4;
        assertEquals(expected, Metrics.smape(ACTUAL, FORECAST), 1e-12);
        assertEquals(12.7326, Metrics.smape(ACTUAL, FORECAST), 1e-4);
    }

    @Test
    void smapeCountsAStepWhereBothAreZeroAsPerfect() {
        assertEquals(100.0, Metrics.smape(new double[] {0, 1}, new double[] {0, 0}), 1e-12);
    }

    @Test
    void maseScalesByTheInSampleSeasonalNaiveError() {
        double[] train = {1, 3, 2, 6, 4};
        // lag 1: |3-1| + |2-3| + |6-2| + |4-6| = 9 over 4 -> 2.25
        assertEquals(2.25, Metrics.maseScale(train, 1), 1e-12);
        // lag 2: |2-1| + |6-3| + |4-2| = 6 over 3 -> 2
        assertEquals(2.0, Metrics.maseScale(train, 2), 1e-12);
        assertEquals(3.5 / 2.25, Metrics.mase(ACTUAL, FORECAST, train, 1), 1e-12);
        assertEquals(3.5 / 2.0, Metrics.mase(ACTUAL, FORECAST, train, 2), 1e-12);
    }

    @Test
    void maseFallsBackToLagOneWhenTheTrainingDataIsShorterThanTheSeason() {
        assertEquals(2.25, Metrics.maseScale(new double[] {1, 3, 2, 6, 4}, 7), 1e-12);
    }

    @Test
    void maseOfAConstantTrainingSeriesIsUndefined() {
        assertTrue(Double.isNaN(Metrics.mase(ACTUAL, FORECAST, new double[] {5, 5, 5}, 1)));
    }

    @Test
    void coverageCountsActualsInsideTheBoundsIncludingTheEdges() {
        double[] lower = {9, 20, 31, 0};
        double[] upper = {11, 25, 35, 39};
        // 10 inside, 20 on the lower edge, 30 below, 40 above
        assertEquals(0.5, Metrics.coverage(ACTUAL, lower, upper), 1e-12);
    }

    @Test
    void metricsRejectArraysOfDifferentLengths() {
        assertThrows(IllegalArgumentException.class, () -> Metrics.mae(ACTUAL, new double[] {1, 2}));
    }
}
