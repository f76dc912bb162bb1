package microlab.forecast.selection;

import microlab.forecast.evaluation.Backtest;
import microlab.forecast.evaluation.Calibration;
import microlab.forecast.model.Checks;
import microlab.forecast.model.EtsModel;
import microlab.forecast.model.FitRequest;
import microlab.forecast.model.FittedModel;
import microlab.forecast.model.Forecast;
import microlab.forecast.model.ForecastModel;
import microlab.forecast.model.MstlModel;
import microlab.forecast.model.Seasonality;
import microlab.forecast.numerics.Parallel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Chooses among the statistical models, and the M4 Comb of SES, Holt and damped, by a rolling-origin
 * backtest on the series itself: up to ten folds at the requested horizon (or, without one, two
 * seasons or 14 steps). Each candidate is scored the way the M4 competition ranks methods, by the mean
 * of its sMAPE and its MASE each relative to naive's over the same folds, and the winner is refitted
 * on the whole series. On a seasonal series auto forecasts with the mean of the two candidates that
 * forecast the folds best together, a pair of the {@value #PAIR_POOL} best: on the tuning origins of
 * bin/bench --hourly-set that mean did better than the best alone, whose lead over a few folds is often
 * noise; the models that extend a fitted trend are left out there. On the others auto starts from Comb,
 * a model seldom far from the best, and a single model replaces it only when its backtest score is
 * lower by a margin ({@value #COMB_MARGIN}). arima is a candidate at the cost of one order search: its
 * orders are settled on the values before the first origin and only its coefficients are estimated
 * again at each fold and for the final fit ({@link ForecastModel#settledOn}).
 * With one period posted, auto looks for a longer cycle ({@link Seasonality#detect}: the week in
 * hourly data) and hands both to the models that use several (mstl); the folds then keep two such
 * cycles. The chosen model's interval width is calibrated on its own backtest errors (see
 * {@link Calibration}). The candidates are {@link Models#statistical()} but prophet (see
 * {@link ForecastModel#inAuto()}), and comb; on series too short for a single fold auto uses theta,
 * the M4 competition's most robust simple method, with its intervals as they are.
 */
public final class AutoModel implements ForecastModel {

    /** The most backtest folds auto runs. */
    public static final int MAX_FOLDS = 10;
    static final String FALLBACK = "theta";
    /** A single model replaces Comb only when its backtest score is this much lower (relative). */
    public static final double COMB_MARGIN = 0.10;
    /** On seasonal series mstl is replaced only by a model whose backtest score is this much lower. */
    public static final double MSTL_MARGIN = 0.20;
    private static final String MEAN_OF = "mean of ";
    /** On a seasonal series auto forecasts with the mean of two of this many best candidates: the pair that scored best. */
    public static final int PAIR_POOL = 4;
    /** The most values a candidate's search (arima's orders) is settled on. */
    static final int SETTLE_LENGTH = 1000;
    /** The level the backtest forecasts are made at; calibration works on standardised errors, so any would do. */
    private static final double BACKTEST_LEVEL = 80;

    /**
     * What auto does; the defaults are the public constructor's, the others serve its evaluation. {@code best} above
     * 1: forecast any series with the mean of that many best models; {@code seasonalPair}: on a seasonal series the
     * mean of the pair of the {@value #PAIR_POOL} best that scored best (else the best, with mstl the model to beat by
     * a margin). {@code parallel}: the candidates' backtests run on all cores ({@link Parallel}); serially, the bench
     * counts their CPU time.
     */
    public record Policy(boolean combination, boolean relativeScore, double combMargin, boolean calibrate, int maxFolds,
                         int best, boolean parallel, boolean seasonalPair) {
        /** What {@code new AutoModel()} does. */
        public static final Policy DEFAULT = new Policy(true, true, COMB_MARGIN, true, MAX_FOLDS, 1, true, true);

        /** A policy whose backtests run one after another, choosing one model on seasonal series too. */
        public Policy(boolean combination, boolean relativeScore, double combMargin, boolean calibrate, int maxFolds, int best) {
            this(combination, relativeScore, combMargin, calibrate, maxFolds, best, false, false);
        }

        /** This policy with the candidates' backtests run one after another. */
        public Policy serial() {
            return new Policy(combination, relativeScore, combMargin, calibrate, maxFolds, best, false, seasonalPair);
        }
    }

    private final List<ForecastModel> candidates;
    private final Policy policy;

    public AutoModel() {
        this(Policy.DEFAULT);
    }

    /** Auto deciding by another policy than the default: for measuring its design (bin/bench --auto-eval --variants). */
    public AutoModel(Policy policy) {
        this.policy = policy;
        List<ForecastModel> models = new ArrayList<>(Models.statistical().stream().filter(ForecastModel::inAuto).toList());
        models.add(new CombModel());
        this.candidates = List.copyOf(models);
    }

    @Override
    public String name() {
        return "auto";
    }

    @Override
    public boolean slowInBacktest() {
        return true;
    }

    @Override
    public String description() {
        return "On a seasonal series (finding a weekly cycle in hourly data) the mean of the two models that forecast best "
                + "together (sMAPE and MASE relative to naive) in a rolling-origin backtest on the series itself; otherwise comb, the mean "
                + "of ses, holt and damped, unless another model forecast clearly better there; intervals calibrated on that backtest.";
    }

    @Override
    public boolean seasonal() {
        return false;
    }

    /**
     * Backtests at the request's horizon, or without one at two seasons (14 steps without a season). Given one
     * period, auto also tries the longer cycle the data shows ({@link Seasonality#detect}).
     */
    @Override
    public FittedModel fit(FitRequest request) {
        Checks.length(this, request);
        double[] y = request.y();
        int period = request.period();
        int horizon = request.horizon() > 0 ? request.horizon() : defaultHorizon(period);
        int[] periods = request.periods().length == 1 ? Seasonality.detect(y, period) : request.periods();
        // The shortest training window keeps at least 10 points, or two seasons and a horizon, and two
        // cycles of a longer period too (else a multi-seasonal model would be judged without it).
        int minTrain = Math.max(10, 2 * period + horizon);
        int longest = periods[periods.length - 1];
        if (periods.length > 1 && (y.length - Math.max(minTrain, 2 * longest)) / horizon >= 2) {
            minTrain = Math.max(minTrain, 2 * longest);
        } else {
            periods = new int[] {period};
        }
        int folds = Math.min(policy.maxFolds, (y.length - minTrain) / horizon);
        if (folds < 1) {
            return new AutoFit(FALLBACK, periods, horizon, 0, Map.of(), Map.of(), Calibration.NONE,
                    candidate(FALLBACK).fit(FitRequest.of(y, periods)));
        }
        int[] used = periods;
        Selection selection = select(y, used, horizon, folds);
        List<ForecastModel> members = memberNames(selection.chosen).stream()
                .map(name -> selection.settled.containsKey(name) ? selection.settled.get(name) : candidate(name)).toList();
        FitRequest refit = FitRequest.of(y, used);
        FittedModel fitted = members.size() == 1 ? members.get(0).fit(refit)
                : new CombModel.Mean(members.stream().map(m -> m.fit(refit)).toList());
        Calibration calibration = policy.calibrate ? Calibration.of(selection.errors, folds) : Calibration.NONE;
        return new AutoFit(selection.chosen, used, horizon, folds, selection.mase, selection.score, calibration, fitted);
    }

    private static int defaultHorizon(int period) {
        return Math.min(Checks.MAX_HORIZON, period > 1 ? 2 * period : 14);
    }

    /** The choice, the candidates' backtest scores, the chosen forecasts' standardised errors, the candidates as backtested. */
    private record Selection(String chosen, Map<String, Double> mase, Map<String, Double> score, double[] errors,
                             Map<String, ForecastModel> settled) {
    }

    /** One candidate's backtest forecasts, fold by fold, and their scores. */
    private record Run(Forecast[] forecasts, Backtest.Scores scores) {
    }

    private Selection select(double[] y, int[] periods, int horizon, int folds) {
        int period = periods[0];
        int firstOrigin = y.length - folds * horizon;
        List<ForecastModel> eligible = new ArrayList<>();
        for (ForecastModel model : candidates) {
            // without a season a seasonal model only repeats another (snaive is naive, mstl is ses)
            if (model instanceof CombModel || (model.seasonal() && period == 1) || firstOrigin < model.minLength(period, horizon)) {
                continue;
            }
            // with a season ETS fits its seasonal forms by search: 10 ms a fit on 1,000 hourly values, more than all the
            // others together, and it scored worst of the smoothing models on both hourly sets of bin/bench
            if (model instanceof EtsModel && period > 1) {
                continue;
            }
            // and a trend fitted to the adjusted values extrapolates what the seasons left over: without drift, holt
            // and damped auto scored better on both tuning sets of bin/bench --hourly-set (OWA 0.785 / 0.811, with
            // them 0.785 / 0.824), and their trends were among its worst held-out forecasts
            if (model.extrapolatesTrend() && period > 1) {
                continue;
            }
            eligible.add(model);
        }
        // what a model searches for (arima's orders) is settled once, on the values before the first origin (the last
        // SETTLE_LENGTH of them: a search costs in proportion to its series, and a long series would pay seconds)
        FitRequest first = FitRequest.of(Arrays.copyOfRange(y, Math.max(0, firstOrigin - SETTLE_LENGTH), firstOrigin), periods,
                horizon);
        // submitted last model first: the catalogue lists the costly ones (mstl, arima) last, and on two cores the one
        // started last would otherwise finish alone
        List<ForecastModel> costliestFirst = new ArrayList<>(eligible);
        Collections.reverse(costliestFirst);
        List<Callable<Settled>> backtests = costliestFirst.stream()
                .map(model -> (Callable<Settled>) () -> backtest(model, first, y, periods, horizon, folds))
                .toList();
        List<Settled> results = new ArrayList<>(policy.parallel ? Parallel.all(backtests)
                : backtests.stream().map(AutoModel::call).toList());
        Collections.reverse(results);
        Map<String, Run> runs = new LinkedHashMap<>();
        Map<String, ForecastModel> settled = new LinkedHashMap<>();
        for (int i = 0; i < eligible.size(); i++) {
            if (results.get(i) != null) {
                runs.put(eligible.get(i).name(), scored(results.get(i).folds().forecasts(), y, horizon, period));
                settled.put(eligible.get(i).name(), results.get(i).model());
            }
        }
        if (policy.combination && CombModel.MEMBERS.stream().allMatch(m -> runs.containsKey(m.name()))) {
            // Comb's backtest forecasts are its members' averaged: no fitting needed.
            runs.put(CombModel.NAME, mean(CombModel.MEMBERS.stream().map(ForecastModel::name).toList(), runs, y, horizon, period));
        }
        Run naive = runs.get("naive");
        boolean relative = policy.relativeScore && naive != null;
        Map<String, Double> mase = new LinkedHashMap<>();
        Map<String, Double> score = new LinkedHashMap<>();
        String best = null;
        for (Map.Entry<String, Run> e : runs.entrySet()) {
            Run run = e.getValue();
            double meanMase = run.scores().mase();
            mase.put(e.getKey(), meanMase);
            double s = relative ? relative(run, naive) : meanMase;
            score.put(e.getKey(), s);
            if (!Double.isNaN(s) && (best == null || s < score.get(best))) {
                best = e.getKey();
            }
        }
        String chosen = best == null ? FALLBACK : best;
        boolean seasonal = period > 1 && Double.isFinite(score.getOrDefault(MstlModel.NAME, Double.NaN));
        List<String> ranked = score.entrySet().stream().filter(e -> !e.getKey().equals(CombModel.NAME) && !Double.isNaN(e.getValue()))
                .sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
        if (seasonal && policy.seasonalPair && ranked.size() >= 2 && relative) {
            // of the few best, the pair whose mean forecast the folds best: on the tuning sets of bin/bench --hourly-set
            // it did better than the best alone, whose lead over a few folds is often noise, and than a fixed pair
            List<String> pool = ranked.subList(0, Math.min(PAIR_POOL, ranked.size()));
            double pairScore = Double.POSITIVE_INFINITY;
            for (int i = 0; i < pool.size(); i++) {
                for (int j = i + 1; j < pool.size(); j++) {
                    List<String> pair = List.of(pool.get(i), pool.get(j));
                    Run run = mean(pair, runs, y, horizon, period);
                    double s = relative(run, naive);
                    if (s < pairScore) {
                        pairScore = s;
                        chosen = MEAN_OF + String.join(", ", pair);
                        runs.put(chosen, run);
                    }
                }
            }
        } else if (policy.best > 1 && ranked.size() >= policy.best) {
            chosen = MEAN_OF + String.join(", ", ranked.subList(0, policy.best));
            runs.put(chosen, mean(ranked.subList(0, policy.best), runs, y, horizon, period));
        } else {
            // the default to beat: mstl on seasonal series, comb on the others; a single model replaces it only by a margin
            String standard = seasonal ? MstlModel.NAME : CombModel.NAME;
            double margin = seasonal ? MSTL_MARGIN : policy.combMargin;
            Double standardScore = score.get(standard);
            if (best != null && standardScore != null && !best.equals(standard) && !(score.get(best) < standardScore * (1 - margin))) {
                chosen = standard;
            }
        }
        Run winner = runs.get(chosen);
        return new Selection(chosen, mase, score, winner == null ? new double[0] : standardisedErrors(y, firstOrigin, horizon, winner),
                settled);
    }

    /** A candidate settled on the values before the first origin, and its backtest forecasts. */
    private record Settled(ForecastModel model, Backtest.Folds folds) {
    }

    /** Null when the model cannot fit the first fold's values or one of the folds. */
    private static Settled backtest(ForecastModel model, FitRequest first, double[] y, int[] periods, int horizon, int folds) {
        ForecastModel settled;
        try {
            settled = model.settledOn(first);
        } catch (IllegalArgumentException cannotFit) {
            return null;
        }
        Backtest.Folds forecasts = Backtest.forecasts(settled, y, periods, horizon, folds, BACKTEST_LEVEL);
        return forecasts == null ? null : new Settled(settled, forecasts);
    }

    private static <T> T call(Callable<T> task) {
        try {
            return task.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Run scored(Forecast[] forecasts, double[] y, int horizon, int period) {
        return new Run(forecasts, Backtest.Scores.of(forecasts, y, horizon, period));
    }

    /** The named runs' forecasts averaged fold by fold ({@link CombModel#combine}), and scored. */
    private static Run mean(List<String> names, Map<String, Run> runs, double[] y, int horizon, int period) {
        Forecast[] forecasts = new Forecast[runs.get(names.get(0)).forecasts().length];
        for (int f = 0; f < forecasts.length; f++) {
            int fold = f;
            forecasts[f] = CombModel.combine(names.stream().map(name -> runs.get(name).forecasts()[fold]).toList());
        }
        return scored(forecasts, y, horizon, period);
    }

    /** (sMAPE / sMAPE of naive + MASE / MASE of naive) / 2 over the folds: the M4 OWA with naive as the yardstick. */
    private static double relative(Run run, Run naive) {
        double smape = run.scores().smape();
        double naiveSmape = naive.scores().smape();
        double relativeSmape = naiveSmape > 0 ? smape / naiveSmape : (smape > 0 ? Double.POSITIVE_INFINITY : 1);
        double mase = run.scores().mase();
        double naiveMase = naive.scores().mase();
        if (Double.isNaN(mase) || !(naiveMase > 0)) {
            return relativeSmape;
        }
        return (relativeSmape + mase / naiveMase) / 2;
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

    /** The candidates behind a choice: one, or those of a "mean of a, b, c". */
    private List<ForecastModel> members(String chosen) {
        return memberNames(chosen).stream().map(this::candidate).toList();
    }

    /** The names of the models a forecast of auto's is made of: its model alone, or those of a "mean of a, b". */
    public static List<String> memberNames(String model) {
        return model.startsWith(MEAN_OF) ? List.of(model.substring(MEAN_OF.length()).split(", ")) : List.of(model);
    }

    private ForecastModel candidate(String name) {
        return candidates.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("auto has no candidate model called " + name + "."));
    }

    @Override
    public FittedModel restore(byte[] state) {
        return AutoFit.restore(state, this::members);
    }
}
