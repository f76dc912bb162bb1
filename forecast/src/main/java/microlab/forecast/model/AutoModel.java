package microlab.forecast.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses among the statistical models by a rolling-origin backtest on the series itself: up to five
 * folds at the requested horizon (or, without one, two seasons or 14 steps), the lowest mean MASE
 * wins, and the winner is refitted on the whole series. Prophet is left out of the candidates to keep
 * auto fast; on series too short for a single fold auto uses theta, the M4 competition's most robust
 * simple method.
 */
public final class AutoModel implements ForecastModel {

    static final int MAX_FOLDS = 5;
    static final String FALLBACK = "theta";

    private final List<ForecastModel> candidates = List.of(new NaiveModel(), new SeasonalNaiveModel(), new DriftModel(),
            new SesModel(), new HoltModel(), new DampedModel(), new ThetaModel(), new EtsModel());

    @Override
    public String name() {
        return "auto";
    }

    @Override
    public String description() {
        return "Picks the statistical model with the lowest MASE in a rolling-origin backtest on the series itself.";
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
        int folds = Math.min(MAX_FOLDS, (y.length - minTrain) / horizon);
        Map<String, Double> mase = new LinkedHashMap<>();
        String chosen = FALLBACK;
        if (folds >= 1) {
            BacktestResult result = Backtest.run(y, period, horizon, folds, 80, candidates);
            result.scores().forEach(s -> mase.put(s.model(), s.mase()));
            if (result.winner() != null) {
                chosen = result.winner();
            }
        }
        ForecastModel model = candidate(chosen);
        return new Fitted(chosen, horizon, folds, mase, model.fit(y, period));
    }

    private ForecastModel candidate(String name) {
        return candidates.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("auto has no candidate model called " + name + "."));
    }

    @Override
    public FittedModel restore(byte[] state) {
        ModelState.In in = new ModelState.In(state, name());
        String chosen = in.readString();
        int horizon = in.readInt();
        int folds = in.readInt();
        int count = in.readInt();
        Map<String, Double> mase = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            mase.put(in.readString(), in.readDouble());
        }
        return new Fitted(chosen, horizon, folds, mase, candidate(chosen).restore(in.readBytes()));
    }

    private record Fitted(String chosen, int backtestHorizon, int folds, Map<String, Double> mase, FittedModel model)
            implements FittedModel {

        @Override
        public Forecast forecast(int horizon, double level) {
            Forecast f = model.forecast(horizon, level);
            Map<String, Object> parameters = new LinkedHashMap<>(f.parameters());
            parameters.put("selectedBy", folds >= 1
                    ? "auto: lowest MASE over " + folds + " backtest folds of horizon " + backtestHorizon
                    : "auto: series too short for a backtest, " + FALLBACK + " by default");
            parameters.put("backtestMase", mase);
            return new Forecast(chosen, f.mean(), f.lower(), f.upper(), f.logScale(), Series.finite(parameters));
        }

        @Override
        public byte[] save() {
            ModelState.Out out = new ModelState.Out("auto").writeString(chosen).writeInt(backtestHorizon).writeInt(folds);
            out.writeInt(mase.size());
            mase.forEach((name, value) -> out.writeString(name).writeDouble(value));
            return out.writeBytes(model.save()).toBytes();
        }
    }
}
