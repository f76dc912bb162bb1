package microlab.forecast.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses among the statistical models, and the M4 Comb of SES, Holt and damped, by a rolling-origin
 * backtest on the series itself: up to five folds at the requested horizon (or, without one, two
 * seasons or 14 steps). Each candidate is scored the way the M4 competition ranks methods, by the mean
 * of its sMAPE and its MASE each relative to naive's over the same folds, and the winner is refitted
 * on the whole series. A few folds are a small sample, so a single model must beat Comb by a margin to
 * replace it: on a near tie the combination, which is seldom far from the best, is the safer bet.
 * The chosen model's interval width is then calibrated on its own backtest errors (see
 * {@link Calibration}). Prophet is left out to keep auto fast; on series too short for a single fold
 * auto uses theta, the M4 competition's most robust simple method, with its intervals as they are.
 */
public final class AutoModel implements ForecastModel {

    static final int MAX_FOLDS = 10;
    static final String FALLBACK = "theta";
    /** A single model replaces Comb only when its backtest score is this much lower (relative). */
    static final double COMB_MARGIN = 0.10;
    /** The level the backtest forecasts are made at; calibration works on standardised errors, so any would do. */
    private static final double BACKTEST_LEVEL = 80;
    private static final int FORMAT = 2;

    /** What auto does; the defaults are the public constructor's, the others serve its evaluation. */
    record Policy(boolean combination, boolean relativeScore, double combMargin, boolean calibrate, int maxFolds) {
        static final Policy DEFAULT = new Policy(true, true, COMB_MARGIN, true, MAX_FOLDS);
    }

    private final List<ForecastModel> candidates;
    private final Policy policy;

    public AutoModel() {
        this(Policy.DEFAULT);
    }

    AutoModel(Policy policy) {
        this.policy = policy;
        List<ForecastModel> models = new ArrayList<>(List.of(new NaiveModel(), new SeasonalNaiveModel(), new DriftModel(),
                new SesModel(), new HoltModel(), new DampedModel(), new ThetaModel(), new EtsModel()));
        models.add(new CombModel());
        this.candidates = List.copyOf(models);
    }

    @Override
    public String name() {
        return "auto";
    }

    @Override
    public String description() {
        return "Picks the statistical model, or the mean of ses, holt and damped, that forecast best (sMAPE and MASE "
                + "relative to naive) in a rolling-origin backtest on the series itself; intervals calibrated on that backtest.";
    }

    @Override
    public boolean seasonal() {
        return false;
    }

    @Override
    public FittedModel fit(double[] y, int period) {
        return fit(y, period, Math.min(Series.MAX_HORIZON, period > 1 ? 2 * period : 14));
    }

    @Override
    public FittedModel fit(double[] y, int period, int horizon) {
        Series.check(this, y, period);
        if (horizon < 1 || horizon > Series.MAX_HORIZON) {
            throw new IllegalArgumentException("The horizon must be between 1 and " + Series.MAX_HORIZON + " steps; it is " + horizon + ".");
        }
        // The shortest training window keeps at least 10 points, or two seasons and a horizon.
        int minTrain = Math.max(10, 2 * period + horizon);
        int folds = Math.min(policy.maxFolds, (y.length - minTrain) / horizon);
        if (folds < 1) {
            return new Fitted(FALLBACK, horizon, 0, Map.of(), Map.of(), Calibration.NONE, candidate(FALLBACK).fit(y, period));
        }
        Selection selection = select(y, period, horizon, folds);
        FittedModel fitted = candidate(selection.chosen).fit(y, period);
        Calibration calibration = policy.calibrate ? Calibration.of(selection.errors, folds) : Calibration.NONE;
        return new Fitted(selection.chosen, horizon, folds, selection.mase, selection.score, calibration, fitted);
    }

    private record Selection(String chosen, Map<String, Double> mase, Map<String, Double> score, double[] errors) {
    }

    /** The backtest forecasts of one candidate, fold by fold (null where it could not run). */
    private static final class Run {
        final Forecast[] forecasts;
        double smape;
        double mase;
        int maseFolds;

        Run(int folds) {
            forecasts = new Forecast[folds];
        }

        boolean complete() {
            return Arrays.stream(forecasts).allMatch(f -> f != null);
        }
    }

    private Selection select(double[] y, int period, int horizon, int folds) {
        int firstOrigin = y.length - folds * horizon;
        Map<String, Run> runs = new LinkedHashMap<>();
        for (ForecastModel model : candidates) {
            if (model instanceof CombModel || firstOrigin < model.minLength(period, horizon)) {
                continue;
            }
            Run run = new Run(folds);
            for (int f = 0; f < folds; f++) {
                Cancellation.check();
                double[] train = Arrays.copyOf(y, firstOrigin + f * horizon);
                try {
                    run.forecasts[f] = model.fit(train, period).forecast(horizon, BACKTEST_LEVEL);
                } catch (IllegalArgumentException cannotRun) {
                    break;
                }
            }
            if (run.complete()) {
                runs.put(model.name(), run);
            }
        }
        if (policy.combination && CombModel.MEMBERS.stream().allMatch(m -> runs.containsKey(m.name()))) {
            // Comb's backtest forecasts are its members' averaged: no fitting needed.
            Run comb = new Run(folds);
            for (int f = 0; f < folds; f++) {
                int fold = f;
                comb.forecasts[f] = CombModel.combine(CombModel.MEMBERS.stream().map(m -> runs.get(m.name()).forecasts[fold]).toList());
            }
            runs.put(CombModel.NAME, comb);
        }
        for (Run run : runs.values()) {
            for (int f = 0; f < folds; f++) {
                int origin = firstOrigin + f * horizon;
                double[] actual = Arrays.copyOfRange(y, origin, origin + horizon);
                run.smape += Metrics.smape(actual, run.forecasts[f].mean());
                double m = Metrics.mase(actual, run.forecasts[f].mean(), Arrays.copyOf(y, origin), period);
                if (!Double.isNaN(m)) {
                    run.mase += m;
                    run.maseFolds++;
                }
            }
        }
        Run naive = runs.get("naive");
        boolean relative = policy.relativeScore && naive != null;
        Map<String, Double> mase = new LinkedHashMap<>();
        Map<String, Double> score = new LinkedHashMap<>();
        String best = null;
        for (Map.Entry<String, Run> e : runs.entrySet()) {
            Run run = e.getValue();
            double meanMase = run.maseFolds > 0 ? run.mase / run.maseFolds : Double.NaN;
            mase.put(e.getKey(), meanMase);
            double s = relative ? relative(run, naive) : meanMase;
            score.put(e.getKey(), s);
            if (!Double.isNaN(s) && (best == null || s < score.get(best))) {
                best = e.getKey();
            }
        }
        String chosen = best == null ? FALLBACK : best;
        Double comb = score.get(CombModel.NAME);
        if (best != null && comb != null && !best.equals(CombModel.NAME) && !(score.get(best) < comb * (1 - policy.combMargin))) {
            chosen = CombModel.NAME;
        }
        Run winner = runs.get(chosen);
        return new Selection(chosen, mase, score, winner == null ? new double[0] : standardisedErrors(y, firstOrigin, horizon, winner));
    }

    /** (sMAPE / sMAPE of naive + MASE / MASE of naive) / 2 over the folds: the M4 OWA with naive as the yardstick. */
    private static double relative(Run run, Run naive) {
        double smape = naive.smape > 0 ? run.smape / naive.smape : (run.smape > 0 ? Double.POSITIVE_INFINITY : 1);
        if (run.maseFolds == 0 || naive.maseFolds == 0 || naive.mase <= 0) {
            return smape;
        }
        return (smape + (run.mase / run.maseFolds) / (naive.mase / naive.maseFolds)) / 2;
    }

    private static double[] standardisedErrors(double[] y, int firstOrigin, int horizon, Run run) {
        double[] out = new double[run.forecasts.length * horizon];
        int count = 0;
        for (int f = 0; f < run.forecasts.length; f++) {
            Forecast fc = run.forecasts[f];
            for (int h = 0; h < horizon; h++) {
                double r = Calibration.standardised(y[firstOrigin + f * horizon + h], fc.mean()[h], fc.lower()[h],
                        fc.upper()[h], fc.logScale(), BACKTEST_LEVEL);
                if (!Double.isNaN(r)) {
                    out[count++] = r;
                }
            }
        }
        return Arrays.copyOf(out, count);
    }

    private ForecastModel candidate(String name) {
        return candidates.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("auto has no candidate model called " + name + "."));
    }

    @Override
    public FittedModel restore(byte[] state) {
        ModelState.In in = new ModelState.In(state, name());
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IllegalArgumentException("The saved auto model has format " + format + ", this build reads format " + FORMAT + ".");
        }
        String chosen = in.readString();
        int horizon = in.readInt();
        int folds = in.readInt();
        Map<String, Double> mase = readScores(in);
        Map<String, Double> score = readScores(in);
        Calibration calibration = Calibration.read(in);
        return new Fitted(chosen, horizon, folds, mase, score, calibration, candidate(chosen).restore(in.readBytes()));
    }

    private static Map<String, Double> readScores(ModelState.In in) {
        int count = in.readInt();
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            scores.put(in.readString(), in.readDouble());
        }
        return scores;
    }

    private static void writeScores(ModelState.Out out, Map<String, Double> scores) {
        out.writeInt(scores.size());
        scores.forEach((name, value) -> out.writeString(name).writeDouble(value));
    }

    private record Fitted(String chosen, int backtestHorizon, int folds, Map<String, Double> mase,
                          Map<String, Double> score, Calibration calibration, FittedModel model) implements FittedModel {

        @Override
        public Forecast forecast(int horizon, double level) {
            Forecast f = calibration.apply(model.forecast(horizon, level), level);
            Map<String, Object> parameters = new LinkedHashMap<>(f.parameters());
            parameters.put("selectedBy", folds >= 1
                    ? "auto: lowest mean of sMAPE and MASE relative to naive over " + folds + " backtest folds of horizon "
                    + backtestHorizon + " (comb unless a single model is " + Math.round(100 * COMB_MARGIN) + "% better)"
                    : "auto: series too short for a backtest, " + FALLBACK + " by default");
            parameters.put("backtestMase", mase);
            parameters.put("backtestScore", score);
            if (calibration.active()) {
                parameters.put("intervalScale", calibration.scale(level));
            }
            return new Forecast(chosen, f.mean(), f.lower(), f.upper(), f.logScale(), Series.finite(parameters));
        }

        @Override
        public byte[] save() {
            ModelState.Out out = new ModelState.Out("auto").writeInt(FORMAT).writeString(chosen).writeInt(backtestHorizon)
                    .writeInt(folds);
            writeScores(out, mase);
            writeScores(out, score);
            calibration.write(out);
            return out.writeBytes(model.save()).toBytes();
        }
    }
}
