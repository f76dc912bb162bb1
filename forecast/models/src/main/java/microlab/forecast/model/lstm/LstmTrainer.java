package microlab.forecast.model.lstm;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import microlab.forecast.model.InvalidSeriesException;
import microlab.forecast.numerics.Cancellation;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Trains the network on one series: the windows of the most recent history, the last 15% of them held
 * out to choose the epoch to keep and to measure the one-step errors the intervals are drawn from.
 */
final class LstmTrainer {

    /** Fewer points give an LSTM too few windows to learn anything a simple model would not do better. */
    static final int MIN_POINTS = 30;

    /**
     * DJL allows one gradient collector per JVM and PyTorch's seed is global; two trainings at once on
     * two cores would also only slow each other down. So trainings take turns.
     */
    private static final ReentrantLock TRAINING = new ReentrantLock();

    private final LstmSettings settings;

    LstmTrainer(LstmSettings settings) {
        this.settings = settings;
    }

    LstmState train(double[] y, int period) {
        if (period < 1) {
            throw new InvalidSeriesException("The seasonal period must be at least 1 (1 means no season); it is " + period + ".");
        }
        if (y.length < MIN_POINTS) {
            throw new InvalidSeriesException("lstm needs at least " + MIN_POINTS + " points; the series has " + y.length + ".");
        }
        boolean logScale = true;
        for (double value : y) {
            if (!Double.isFinite(value)) {
                throw new InvalidSeriesException("The series holds a value that is not a finite number.");
            }
            logScale &= value > 0;
        }
        double[] z = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            z[i] = logScale ? Math.log(y[i]) : y[i];
        }
        int n = z.length;
        SeasonalProfile profile = SeasonalProfile.estimate(z, period);
        for (int t = 0; t < n; t++) {
            z[t] -= profile.at(t);
        }
        double[] season = new double[profile.period()];
        for (int i = 0; i < season.length; i++) {
            season[i] = profile.at((long) n + i);
        }
        int lookback = lookback(n, period);
        double scale = changeScale(z);

        int first = Math.max(lookback, n - 1 - settings.maxWindows());
        int windows = n - 1 - first;
        int validation = windows >= 20 ? Math.max(5, windows * 15 / 100) : 0;
        int training = windows - validation;
        int width = lookback * LstmNetwork.FEATURES;
        float[] inputs = new float[windows * width];
        float[] targets = new float[windows];
        double targetMin = Double.POSITIVE_INFINITY;
        double targetMax = Double.NEGATIVE_INFINITY;
        for (int w = 0; w < windows; w++) {
            int end = first + w;
            LstmNetwork.window(z, end, lookback, scale, inputs, w * width);
            targets[w] = (float) ((z[end + 1] - z[end]) / scale);
            targetMin = Math.min(targetMin, targets[w]);
            targetMax = Math.max(targetMax, targets[w]);
        }

        Run run;
        TRAINING.lock();
        try {
            run = isFlat(inputs, targets) ? untrained(lookback) : fit(lookback, inputs, targets, training, validation);
        } finally {
            TRAINING.unlock();
        }
        double[] tail = Arrays.copyOfRange(z, n - lookback - 1, n);
        return new LstmState(lookback, settings.hiddenUnits(), logScale, scale, targetMin, targetMax, tail, season,
                run.residuals(), run.epochs(), training, validation, run.parameters());
    }

    private record Run(byte[] parameters, float[] residuals, int epochs) {
    }

    private Run fit(int lookback, float[] inputs, float[] targets, int training, int validation) {
        PyTorchRuntime.engine().setRandomSeed(settings.seed());
        Block block = LstmNetwork.newBlock(settings.hiddenUnits());
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(Optimizer.adam()
                        .optLearningRateTracker(Tracker.fixed(settings.learningRate()))
                        .optClipGrad(1f)
                        .build())
                .optDevices(new Device[] {Device.cpu()});
        try (Model model = Model.newInstance("lstm", Device.cpu(), PyTorchRuntime.ENGINE)) {
            model.setBlock(block);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(settings.batchSize(), lookback, LstmNetwork.FEATURES));
                // Without held-out windows the residuals are in-sample, so the intervals come out too narrow.
                int checkFrom = validation > 0 ? training : 0;
                int checkCount = validation > 0 ? validation : training;
                Random random = new Random(settings.seed());
                int[] order = new int[training];
                for (int i = 0; i < training; i++) {
                    order[i] = i;
                }
                long deadline = System.nanoTime() + settings.timeBudget().toNanos();
                double best = Double.POSITIVE_INFINITY;
                Run kept = null;
                int sinceBest = 0;
                for (int epoch = 1; epoch <= settings.maxEpochs(); epoch++) {
                    Cancellation.check();
                    shuffle(order, random);
                    for (int from = 0; from < training; from += settings.batchSize()) {
                        int size = Math.min(settings.batchSize(), training - from);
                        step(trainer, model.getNDManager(), inputs, targets, order, from, size, lookback);
                    }
                    float[] predicted = predict(trainer, model.getNDManager(), inputs, checkFrom, checkCount, lookback);
                    float[] residuals = new float[checkCount];
                    double squares = 0;
                    for (int i = 0; i < checkCount; i++) {
                        residuals[i] = targets[checkFrom + i] - predicted[i];
                        squares += (double) residuals[i] * residuals[i];
                    }
                    double error = squares / checkCount;
                    if (error < best) {
                        best = error;
                        kept = new Run(parameters(block), centred(residuals), epoch);
                        sinceBest = 0;
                    } else if (++sinceBest >= settings.patience()) {
                        break;
                    }
                    if (System.nanoTime() > deadline) {
                        break;
                    }
                }
                if (kept == null) {
                    throw new IllegalStateException("The LSTM produced no finite error on the series; its training diverged.");
                }
                return kept;
            }
        }
    }

    /**
     * A series that has not moved gives the network nothing to learn (DJL refuses a first step whose
     * gradients are all zero). Changes are clamped to the range seen in training, here [0, 0], so an
     * untrained network forecasts the flat line with a band of zero width.
     */
    private Run untrained(int lookback) {
        try (NDManager manager = PyTorchRuntime.engine().newBaseManager()) {
            Block block = LstmNetwork.newBlock(settings.hiddenUnits());
            block.initialize(manager, DataType.FLOAT32, new Shape(1, lookback, LstmNetwork.FEATURES));
            return new Run(parameters(block), new float[] {0f}, 0);
        }
    }

    private static boolean isFlat(float[] inputs, float[] targets) {
        for (float target : targets) {
            if (target != 0) {
                return false;
            }
        }
        for (float input : inputs) {
            if (input != 0) {
                return false;
            }
        }
        return true;
    }

    private static void step(Trainer trainer, NDManager parent, float[] inputs, float[] targets, int[] order,
                             int from, int size, int lookback) {
        int width = lookback * LstmNetwork.FEATURES;
        float[] x = new float[size * width];
        float[] label = new float[size];
        for (int i = 0; i < size; i++) {
            int w = order[from + i];
            System.arraycopy(inputs, w * width, x, i * width, width);
            label[i] = targets[w];
        }
        try (NDManager batch = parent.newSubManager()) {
            NDArray input = batch.create(x, new Shape(size, lookback, LstmNetwork.FEATURES));
            NDArray expected = batch.create(label, new Shape(size, 1));
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList output = trainer.forward(new NDList(input));
                NDArray loss = trainer.getLoss().evaluate(new NDList(expected), output);
                collector.backward(loss);
            }
            trainer.step();
        }
    }

    private static float[] predict(Trainer trainer, NDManager parent, float[] inputs, int from, int count, int lookback) {
        int width = lookback * LstmNetwork.FEATURES;
        try (NDManager batch = parent.newSubManager()) {
            NDArray input = batch.create(Arrays.copyOfRange(inputs, from * width, (from + count) * width),
                    new Shape(count, lookback, LstmNetwork.FEATURES));
            return trainer.evaluate(new NDList(input)).singletonOrThrow().toFloatArray();
        }
    }

    private static byte[] parameters(Block block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The intervals are centred on the network's own path; a bias it has shows in the backtest, not in the band. */
    private static float[] centred(float[] residuals) {
        double mean = 0;
        for (float r : residuals) {
            mean += r;
        }
        mean /= residuals.length;
        float[] out = new float[residuals.length];
        for (int i = 0; i < residuals.length; i++) {
            out[i] = (float) (residuals[i] - mean);
        }
        return out;
    }

    private int lookback(int n, int period) {
        int wanted = Math.min(settings.maxLookback(), Math.max(settings.lookback(), 2 * Math.max(1, period)));
        // Keep at least 20 windows to learn from when the series is short.
        return Math.max(2, Math.min(wanted, n - 1 - 20));
    }

    /** The spread of one-step changes; a constant series gets 1 so nothing is divided by zero. */
    private static double changeScale(double[] z) {
        double mean = 0;
        for (int i = 1; i < z.length; i++) {
            mean += z[i] - z[i - 1];
        }
        mean /= z.length - 1;
        double squares = 0;
        for (int i = 1; i < z.length; i++) {
            double d = z[i] - z[i - 1] - mean;
            squares += d * d;
        }
        double sd = Math.sqrt(squares / (z.length - 1));
        return sd > 0 && Double.isFinite(sd) ? sd : 1.0;
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
