package microlab.forecast.evaluation;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CalibrationTest {

    /** Standardised backtest errors a tenth of what the band implied: the band looked far too wide. */
    private static Calibration calm() {
        double[] errors = new double[200];
        for (int i = 0; i < errors.length; i++) {
            errors[i] = 0.1 * (i + 1) / errors.length;
        }
        return Calibration.of(errors, 10);
    }

    @Test
    void aCalmBacktestNarrowsTheCentralBandsButNeverTheTails() {
        Calibration calm = calm();
        assertEquals(0.75, calm.scale(80), 1e-12, "narrowed to its floor");
        assertEquals(0.75, calm.scale(90), 1e-12);
        assertEquals(1.0, calm.scale(95), 1e-12, "a 95% band keeps at least the model's own width");
        assertEquals(1.0, calm.scale(99), 1e-12);
    }

    @Test
    void aRoughBacktestWidensEveryLevel() {
        double[] errors = new double[200];
        for (int i = 0; i < errors.length; i++) {
            errors[i] = 4.0 * (i + 1) / errors.length;
        }
        Calibration rough = Calibration.of(errors, 10);
        for (double level : new double[] {80, 95}) {
            assertTrue(rough.scale(level) > 1.3, level + "% scale " + rough.scale(level));
        }
    }
}
