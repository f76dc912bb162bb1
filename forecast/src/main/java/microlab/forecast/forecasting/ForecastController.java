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

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.util.List;

import static microlab.problem.ProblemResponses.BAD_REQUEST;
import static microlab.problem.ProblemResponses.NOT_FOUND;
import static microlab.problem.ProblemResponses.PAYLOAD_TOO_LARGE;
import static microlab.problem.ProblemResponses.SERVICE_UNAVAILABLE;
import static microlab.problem.ProblemResponses.UNPROCESSABLE;
import static microlab.problem.ProblemResponses.UNSUPPORTED_MEDIA_TYPE;

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
    @ApiResponse(responseCode = "200", description = "every model, and why one is unavailable")
    public List<ModelInfo> models() {
        return catalog.all().stream().map(m -> new ModelInfo(m.name(), m.description(), m.seasonal(),
                m.unavailable().isEmpty(), m.unavailable().orElse(null))).toList();
    }

    @Get("/{symbol}")
    @ApiResponse(responseCode = "200", description = "the forecast with its intervals")
    @ApiResponse(responseCode = "400", ref = BAD_REQUEST)
    @ApiResponse(responseCode = "404", ref = NOT_FOUND)
    @ApiResponse(responseCode = "422", ref = UNPROCESSABLE)
    @ApiResponse(responseCode = "503", ref = SERVICE_UNAVAILABLE)
    public ForecastResponse forecast(String symbol, @QueryValue(defaultValue = "auto") String model,
                                     @QueryValue(defaultValue = "30") int horizon,
                                     @QueryValue(defaultValue = "80") int level) {
        return forecaster.forAsset(Symbols.require(symbol), model, horizon, level);
    }

    /** {@code models}: a comma-separated list, "all" (every model but auto), or nothing for the statistical models. */
    @Get("/{symbol}/backtest")
    @ApiResponse(responseCode = "200", description = "each model's errors over the folds")
    @ApiResponse(responseCode = "400", ref = BAD_REQUEST)
    @ApiResponse(responseCode = "404", ref = NOT_FOUND)
    @ApiResponse(responseCode = "422", ref = UNPROCESSABLE)
    @ApiResponse(responseCode = "503", ref = SERVICE_UNAVAILABLE)
    public BacktestResponse backtest(String symbol, @QueryValue(defaultValue = "30") int horizon,
                                     @QueryValue(defaultValue = "5") int folds,
                                     @QueryValue(defaultValue = "80") int level,
                                     @Nullable @QueryValue String models) {
        return backtests.run(Symbols.require(symbol), horizon, folds, level, models);
    }

    @Post(consumes = MediaType.APPLICATION_JSON)
    @ApiResponse(responseCode = "200", description = "the forecast of the posted series")
    @ApiResponse(responseCode = "400", ref = BAD_REQUEST)
    @ApiResponse(responseCode = "413", ref = PAYLOAD_TOO_LARGE)
    @ApiResponse(responseCode = "415", ref = UNSUPPORTED_MEDIA_TYPE)
    @ApiResponse(responseCode = "422", ref = UNPROCESSABLE)
    @ApiResponse(responseCode = "503", ref = SERVICE_UNAVAILABLE)
    public ForecastResponse forecastSeries(@Body SeriesForecastRequest request) {
        return forecaster.forSeries(request);
    }
}
