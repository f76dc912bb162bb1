package microlab.forecast.forecasting;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import microlab.forecast.price.Symbols;

import java.util.List;

/** Forecasts and backtests of stored assets, and forecasts of posted series. */
@Controller("/forecast")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ForecastController {

    private final ModelCatalog catalog;
    private final Forecaster forecaster;
    private final Backtests backtests;

    public ForecastController(ModelCatalog catalog, Forecaster forecaster, Backtests backtests) {
        this.catalog = catalog;
        this.forecaster = forecaster;
        this.backtests = backtests;
    }

    @Get("/models")
    public List<ModelInfo> models() {
        return catalog.all().stream().map(m -> new ModelInfo(m.name(), m.description(), m.seasonal(),
                m.unavailable().isEmpty(), m.unavailable().orElse(null))).toList();
    }

    @Get("/{symbol}")
    public ForecastResponse forecast(String symbol, @QueryValue(defaultValue = "auto") String model,
                                     @QueryValue(defaultValue = "30") int horizon,
                                     @QueryValue(defaultValue = "80") int level) {
        return forecaster.forAsset(Symbols.require(symbol), model, horizon, level);
    }

    /** {@code models}: a comma-separated list, "all" (every model but auto), or nothing for the statistical models. */
    @Get("/{symbol}/backtest")
    public BacktestResponse backtest(String symbol, @QueryValue(defaultValue = "30") int horizon,
                                     @QueryValue(defaultValue = "5") int folds,
                                     @QueryValue(defaultValue = "80") int level,
                                     @Nullable @QueryValue String models) {
        return backtests.run(Symbols.require(symbol), horizon, folds, level, models);
    }

    @Post(consumes = MediaType.APPLICATION_JSON)
    public ForecastResponse forecastSeries(@Body SeriesForecastRequest request) {
        return forecaster.forSeries(request);
    }
}
