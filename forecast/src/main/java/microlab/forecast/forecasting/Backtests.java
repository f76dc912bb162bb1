package microlab.forecast.forecasting;

import jakarta.inject.Singleton;
import microlab.forecast.cache.CachedJson;
import microlab.forecast.evaluation.Backtest;
import microlab.forecast.evaluation.BacktestResult;
import microlab.forecast.model.ForecastModel;
import microlab.forecast.price.PriceSeries;

import java.util.List;
import java.util.stream.Collectors;

/** Rolling-origin backtests of stored assets, cached per data version. */
@Singleton
public class Backtests {

    private final Forecaster forecaster;
    private final ModelCatalog catalog;
    private final CachedJson cache;
    private final ComputeBudget compute;

    public Backtests(Forecaster forecaster, ModelCatalog catalog, CachedJson cache, ComputeBudget compute) {
        this.forecaster = forecaster;
        this.catalog = catalog;
        this.cache = cache;
        this.compute = compute;
    }

    public BacktestResponse run(String symbol, int horizon, int folds, int level, String modelNames) {
        Limits.horizon(horizon);
        Limits.folds(folds);
        Limits.level(level);
        List<ForecastModel> models = catalog.forBacktest(modelNames);
        PriceSeries series = forecaster.series(symbol);
        int needed = horizon * folds + 2;
        if (series.prices().size() < needed) {
            throw Limits.badRequest("A backtest with horizon " + horizon + " and " + folds + " folds needs more than "
                    + "horizon * folds = " + horizon * folds + " days; " + symbol + " has " + series.prices().size() + ".");
        }
        String names = models.stream().map(ForecastModel::name).collect(Collectors.joining(","));
        String key = "forecast:" + symbol + ":" + series.dataVersion() + ":backtest:h" + horizon + ":f" + folds + ":l"
                + level + ":" + names;
        return cache.getOrCompute(key, BacktestResponse.class, () -> compute.run(() -> {
            double[] closes = series.closes();
            BacktestResult result = Forecaster.guard(models.get(0),
                    () -> Backtest.run(closes, Forecaster.seasons(closes)[0], horizon, folds, level, models));
            List<ModelScoreView> scores = result.scores().stream()
                    .map(ModelScoreView::of)
                    .toList();
            return new BacktestResponse(symbol, series.dataVersion(), result.horizon(), result.folds(), level,
                    result.winner(), scores);
        }));
    }
}
