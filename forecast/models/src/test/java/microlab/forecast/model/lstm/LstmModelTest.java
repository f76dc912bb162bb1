package microlab.forecast.model.lstm;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.Utils;
import microlab.forecast.model.FitRequest;
import microlab.forecast.model.FittedModel;
import microlab.forecast.model.Forecast;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LstmModelTest {

    private static final int HELD_OUT = 40;

    private final LstmModel model = new LstmModel();
    private double[] sine;
    private double[] walk;
    private FittedModel sineFit;
    private FittedModel walkFit;

    @BeforeAll
    void fit() {
        Random random = new Random(7);
        sine = new double[700];
        for (int t = 0; t < sine.length; t++) {
            sine[t] = 10 + 2 * Math.sin(2 * Math.PI * t / 20) + 0.3 * random.nextGaussian();
        }
        sineFit = model.fit(FitRequest.of(Arrays.copyOf(sine, sine.length - HELD_OUT), 1));

        walk = new double[500];
        walk[0] = 100;
        for (int t = 1; t < walk.length; t++) {
            walk[t] = walk[t - 1] * Math.exp(0.02 * random.nextGaussian());
        }
        walkFit = model.fit(FitRequest.of(walk, 1));
    }

    @Test
    void beatsNaiveOnAHeldOutNoisySine() {
        Forecast forecast = sineFit.forecast(HELD_OUT, 80);
        double last = sine[sine.length - HELD_OUT - 1];
        double lstmError = 0;
        double naiveError = 0;
        for (int h = 0; h < HELD_OUT; h++) {
            double actual = sine[sine.length - HELD_OUT + h];
            lstmError += Math.abs(actual - forecast.mean()[h]);
            naiveError += Math.abs(actual - last);
        }
        assertTrue(lstmError < 0.5 * naiveError,
                "lstm MAE " + lstmError / HELD_OUT + " against naive MAE " + naiveError / HELD_OUT);
    }

    @Test
    void aSeasonAtTheGivenPeriodIsTakenOutAndPutBack() {
        Random random = new Random(9);
        double[] hourly = new double[24 * 30];
        for (int t = 0; t < hourly.length; t++) {
            hourly[t] = 100 + 15 * Math.sin(2 * Math.PI * t / 24) + 2 * random.nextGaussian();
        }
        int fitted = hourly.length - 24;

        Forecast forecast = model.fit(FitRequest.of(Arrays.copyOf(hourly, fitted), 24)).forecast(24, 80);

        assertEquals(24, forecast.parameters().get("seasonalPeriod"));
        double error = 0;
        for (int h = 0; h < 24; h++) {
            error += Math.abs(hourly[fitted + h] - forecast.mean()[h]) / 24;
        }
        // Noise alone gives an MAE of 1.6; the same network without the season taken out scored 2.85.
        assertTrue(error < 2.4, "MAE " + error + " on a season of amplitude 15 with noise of sd 2");
    }

    @Test
    void restoredModelForecastsExactlyLikeTheFittedOne() {
        Forecast original = sineFit.forecast(25, 90);
        Forecast restored = model.restore(sineFit.save()).forecast(25, 90);

        assertArrayEquals(original.mean(), restored.mean());
        assertArrayEquals(original.lower(), restored.lower());
        assertArrayEquals(original.upper(), restored.upper());
        assertEquals(original.parameters(), restored.parameters());
    }

    @Test
    void intervalsContainThePathAndWidenWithTheHorizonOnARandomWalk() {
        Forecast forecast = walkFit.forecast(30, 80);

        assertTrue(forecast.logScale());
        assertEquals("lstm", forecast.model());
        for (int h = 0; h < 30; h++) {
            assertTrue(forecast.lower()[h] < forecast.mean()[h] && forecast.mean()[h] < forecast.upper()[h],
                    "step " + (h + 1) + ": " + forecast.lower()[h] + " / " + forecast.mean()[h] + " / " + forecast.upper()[h]);
        }
        double first = forecast.upper()[0] - forecast.lower()[0];
        double tenth = forecast.upper()[9] - forecast.lower()[9];
        double last = forecast.upper()[29] - forecast.lower()[29];
        assertTrue(first < tenth && tenth < last, first + " / " + tenth + " / " + last);
        assertTrue(last > 3 * first, "width after 30 steps " + last + " against one step " + first);
    }

    @Test
    void aWiderLevelGivesAWiderBandAroundTheSamePath() {
        Forecast narrow = walkFit.forecast(10, 50);
        Forecast wide = walkFit.forecast(10, 95);

        assertArrayEquals(narrow.mean(), wide.mean());
        for (int h = 0; h < 10; h++) {
            assertTrue(wide.lower()[h] < narrow.lower()[h] && narrow.upper()[h] < wide.upper()[h]);
        }
    }

    @Test
    void concurrentForecastsGiveWhatASingleOneGives() throws Exception {
        Forecast alone = walkFit.forecast(20, 80);
        CompletableFuture<Forecast> first = CompletableFuture.supplyAsync(() -> walkFit.forecast(20, 80));
        CompletableFuture<Forecast> second = CompletableFuture.supplyAsync(() -> walkFit.forecast(20, 80));

        assertArrayEquals(alone.upper(), first.get().upper());
        assertArrayEquals(alone.upper(), second.get().upper());
        assertArrayEquals(alone.mean(), second.get().mean());
    }

    /**
     * A training takes its initial weights from PyTorch's one global generator, right after seeding it
     * (under the training lock). So a forecast, which rebuilds a network from saved weights while a
     * training may be running, must take nothing from that generator, or the training's weights would
     * depend on what else the service was doing. (Comparing two trainings instead is not exact: on some
     * CPUs two fits of the same series in one JVM differed in the fifth digit.)
     */
    @Test
    void aForecastTakesNothingFromPyTorchsGlobalGenerator() {
        float[] undisturbed = drawsAfter(() -> { });
        float[] afterForecasts = drawsAfter(() -> {
            walkFit.forecast(15, 80);
            sineFit.forecast(5, 95);
        });
        float[] afterOneDraw = drawsAfter(() -> {
            try (NDManager manager = PyTorchRuntime.engine().newBaseManager()) {
                manager.randomUniform(0, 1, new Shape(1));
            }
        });

        assertArrayEquals(undisturbed, afterForecasts);
        assertFalse(Arrays.equals(undisturbed, afterOneDraw), "the check must see a single draw");
    }

    private static float[] drawsAfter(Runnable between) {
        Engine engine = PyTorchRuntime.engine();
        engine.setRandomSeed(LstmSettings.defaults().seed());
        between.run();
        try (NDManager manager = engine.newBaseManager()) {
            return manager.randomUniform(0, 1, new Shape(8)).toFloatArray();
        }
    }

    @Test
    void aFlatSeriesIsForecastFlatWithoutABand() {
        double[] flat = new double[60];
        Arrays.fill(flat, 42.5);

        Forecast forecast = model.fit(FitRequest.of(flat, 1)).forecast(12, 80);

        for (int h = 0; h < 12; h++) {
            assertEquals(42.5, forecast.mean()[h], 1e-9);
            assertEquals(42.5, forecast.lower()[h], 1e-9);
            assertEquals(42.5, forecast.upper()[h], 1e-9);
        }
    }

    @Test
    void onAPlatformWithoutItsPyTorchLstmSaysItIsUnavailable() {
        assertEquals(Optional.empty(), model.unavailable(), "the build bundles PyTorch for " + PyTorchRuntime.platform());
        String arch = System.getProperty("os.arch");
        try {
            System.setProperty("os.arch", "aarch64");
            String reason = model.unavailable().orElseThrow();
            assertTrue(reason.contains("linux-x86_64 only; this machine is linux-aarch64"), reason);
        } finally {
            System.setProperty("os.arch", arch);
        }
    }

    @Test
    void theEngineIsTheBundledPyTorchOnCpuInOfflineMode() {
        Engine engine = PyTorchRuntime.engine();

        assertEquals("2.7.1", engine.getVersion());
        assertTrue(Utils.isOfflineMode());
        assertEquals(Device.cpu(), engine.defaultDevice());
    }

    @Test
    void bytesThatAreNotASavedModelAreRejected() {
        byte[] saved = walkFit.save();

        assertThrows(IllegalArgumentException.class, () -> model.restore(new byte[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> model.restore(Arrays.copyOf(saved, saved.length / 2)));
    }

    @Test
    void aSeriesTooShortToLearnFromIsRejectedWithTheLimit() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> model.fit(FitRequest.of(Arrays.copyOf(walk, 29), 1)));

        assertEquals("lstm needs at least 30 points; the series has 29.", error.getMessage());
        assertEquals(30, model.minLength(1, 30));
    }

    @Test
    void aSeriesWithAValueThatIsNotANumberIsRejected() {
        double[] broken = Arrays.copyOf(walk, 100);
        broken[50] = Double.NaN;

        assertThrows(IllegalArgumentException.class, () -> model.fit(FitRequest.of(broken, 1)));
    }
}
