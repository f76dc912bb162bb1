package microlab.forecast.model.lstm;

import java.time.Duration;

/**
 * How big the network is and how long it may train.
 *
 * @param hiddenUnits       LSTM state size
 * @param lookback          past steps the network reads when the series has no season; a seasonal
 *                          series reads two seasons if that is longer, up to {@code maxLookback}
 * @param maxLookback       the longest window, which bounds the cost of every step
 * @param maxWindows        the most recent windows used; older history adds training time, not accuracy
 * @param maxEpochs         epochs at most
 * @param patience          epochs without a better held-out error before training stops
 * @param batchSize         windows per gradient step
 * @param learningRate      Adam's step size
 * @param timeBudget        a guard: training stops after the epoch that crosses it, so a slow machine
 *                          cannot hold a request for minutes (results then depend on the machine's speed)
 * @param simulatedPaths    paths simulated for the prediction intervals
 * @param seed              the seed for weights, batch order and simulated paths
 */
public record LstmSettings(int hiddenUnits, int lookback, int maxLookback, int maxWindows, int maxEpochs,
                           int patience, int batchSize, float learningRate, Duration timeBudget,
                           int simulatedPaths, int seed) {

    public static LstmSettings defaults() {
        return new LstmSettings(32, 30, 96, 1500, 60, 8, 64, 0.003f, Duration.ofSeconds(25), 400, 20_141);
    }

    public LstmSettings {
        if (hiddenUnits < 1 || lookback < 2 || maxLookback < lookback || maxWindows < 10 || maxEpochs < 1
                || patience < 1 || batchSize < 1 || !(learningRate > 0) || timeBudget.isNegative()
                || simulatedPaths < 10) {
            throw new IllegalArgumentException("Invalid LSTM settings.");
        }
    }
}
