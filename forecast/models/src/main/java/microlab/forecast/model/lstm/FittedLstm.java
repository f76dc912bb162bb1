package microlab.forecast.model.lstm;

import microlab.forecast.model.InvalidSeriesException;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import microlab.forecast.model.FittedModel;
import microlab.forecast.model.Forecast;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A trained LSTM, held as plain bytes: every forecast loads the weights into a network of its own and
 * frees it before returning, so nothing native outlives a call and concurrent forecasts share nothing.
 *
 * <p>The point forecast is the network's own path, fed its predictions step after step. The interval
 * comes from simulated paths: at each step a one-step error drawn from the errors the network made on
 * held-out windows is added to its prediction, and the next step reads the noisy value. So the band
 * carries the noise the network could not explain through its own dynamics (it widens like a random
 * walk where the network predicts little, stays bounded where it predicts a cycle), but it treats the
 * weights as exact: the uncertainty of training itself is missing, and the band is likely too narrow
 * at long horizons. On the log scale the path is a median, not a mean, of the price.
 */
final class FittedLstm implements FittedModel {

    private final LstmState state;
    private final LstmSettings settings;

    FittedLstm(LstmState state, LstmSettings settings) {
        this.state = state;
        this.settings = settings;
    }

    @Override
    public Forecast forecast(int horizon, double level) {
        if (horizon < 1) {
            throw new InvalidSeriesException("The horizon must be at least 1.");
        }
        if (!(level > 0 && level < 100)) {
            throw new InvalidSeriesException("The level must be between 0 and 100.");
        }
        int lookback = state.lookback();
        int width = lookback * LstmNetwork.FEATURES;
        int paths = settings.simulatedPaths() + 1;
        double[][] z = new double[paths][lookback + 1 + horizon];
        for (double[] path : z) {
            System.arraycopy(state.tail(), 0, path, 0, lookback + 1);
        }
        float[] residuals = state.residuals();
        Random random = new Random(settings.seed());
        float[] x = new float[paths * width];
        try (NDManager manager = PyTorchRuntime.engine().newBaseManager()) {
            Block block = LstmNetwork.restore(manager, state);
            ParameterStore parameters = new ParameterStore(manager, false);
            for (int step = 0; step < horizon; step++) {
                int end = lookback + step;
                for (int p = 0; p < paths; p++) {
                    LstmNetwork.window(z[p], end, lookback, state.scale(), x, p * width);
                }
                float[] predicted;
                try (NDManager batch = manager.newSubManager()) {
                    NDArray input = batch.create(x, new Shape(paths, lookback, LstmNetwork.FEATURES));
                    predicted = block.forward(parameters, new NDList(input), false).singletonOrThrow().toFloatArray();
                }
                for (int p = 0; p < paths; p++) {
                    // A window unlike any in training can make the recursion run away; no step may exceed what the series did.
                    double change = Math.max(state.targetMin(), Math.min(state.targetMax(), predicted[p]));
                    if (p > 0) {
                        change += residuals[random.nextInt(residuals.length)];
                    }
                    z[p][end + 1] = z[p][end] + change * state.scale();
                }
            }
        }
        double[] mean = new double[horizon];
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        double outside = (1 - level / 100) / 2;
        double[] column = new double[paths - 1];
        double[] season = state.season();
        for (int step = 0; step < horizon; step++) {
            int at = lookback + 1 + step;
            for (int p = 1; p < paths; p++) {
                column[p - 1] = z[p][at];
            }
            Arrays.sort(column);
            double offset = season[step % season.length];
            mean[step] = toPrice(z[0][at] + offset);
            lower[step] = toPrice(quantile(column, outside) + offset);
            upper[step] = toPrice(quantile(column, 1 - outside) + offset);
        }
        return new Forecast(LstmModel.NAME, mean, lower, upper, state.logScale(), parameters());
    }

    @Override
    public byte[] save() {
        return state.toBytes();
    }

    private double toPrice(double value) {
        return state.logScale() ? Math.exp(value) : value;
    }

    private Map<String, Object> parameters() {
        double squares = 0;
        for (float r : state.residuals()) {
            squares += (double) r * r;
        }
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("lookback", state.lookback());
        shown.put("seasonalPeriod", state.season().length);
        shown.put("hiddenUnits", state.hiddenUnits());
        shown.put("epochs", state.epochs());
        shown.put("trainingWindows", state.trainingWindows());
        shown.put("heldOutWindows", state.validationWindows());
        shown.put("oneStepErrorSd", Math.sqrt(squares / state.residuals().length) * state.scale());
        shown.put("intervals", "simulated from held-out one-step errors; weights treated as exact");
        return Collections.unmodifiableMap(shown);
    }

    /** The R type-7 quantile of sorted values. */
    private static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        double fraction = position - below;
        return sorted[below] + fraction * (sorted[above] - sorted[below]);
    }
}
