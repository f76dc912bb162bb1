package microlab.forecast.forecasting;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;
import jakarta.inject.Singleton;
import microlab.forecast.cache.CachedJson;
import microlab.forecast.model.FitRequest;
import microlab.forecast.model.FittedModel;
import microlab.forecast.model.Forecast;
import microlab.forecast.model.ForecastModel;
import microlab.forecast.model.InvalidSeriesException;
import microlab.forecast.model.Seasonality;
import microlab.forecast.price.PriceSeries;
import microlab.forecast.price.PriceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Forecasts for stored assets (fitted models kept) and for posted series (fitted per request); both cached. */
@Singleton
public class Forecaster {

    private static final Logger LOG = LoggerFactory.getLogger(Forecaster.class);

    private final PriceStore store;
    private final ModelCatalog catalog;
    private final TrainedModels trained;
    private final CachedJson cache;
    private final ComputeBudget compute;

    public Forecaster(PriceStore store, ModelCatalog catalog, TrainedModels trained, CachedJson cache, ComputeBudget compute) {
        this.store = store;
        this.catalog = catalog;
        this.trained = trained;
        this.cache = cache;
        this.compute = compute;
    }

    public ForecastResponse forAsset(String symbol, String modelName, int horizon, int level) {
        Limits.horizon(horizon);
        Limits.level(level);
        PriceSeries series = series(symbol);
        ForecastModel model = catalog.usable(modelName);
        String key = "forecast:" + symbol + ":" + series.dataVersion() + ":forecast:" + model.name() + ":h" + horizon
                + ":l" + level;
        int period = seasons(series.closes())[0];
        Limits.length(model, series.prices().size(), period, horizon);
        return cache.getOrCompute(key, ForecastResponse.class, () -> compute.run(() -> {
            TrainedModel fitted = guard(model, () -> trained.obtain(series, model));
            Forecast forecast = guard(model, () -> fitted.fitted().forecast(horizon, level));
            return response(forecast, model.name(), series.symbol(), series.dataVersion(), horizon, level, period,
                    fitted, series.lastDay());
        }));
    }

    public ForecastResponse forSeries(SeriesForecastRequest request) {
        List<Double> values = request.values();
        if (values == null || values.isEmpty()) {
            throw Limits.badRequest("The body needs 'values': the series, oldest first, as an array of numbers.");
        }
        if (values.size() > Limits.MAX_VALUES) {
            throw Limits.badRequest("A series may have at most " + Limits.MAX_VALUES + " values (more do not fit in the "
                    + compute.budget().toSeconds() + " s compute budget of a forecast); it has " + values.size() + ".");
        }
        double[] y = new double[values.size()];
        for (int i = 0; i < y.length; i++) {
            Double v = values.get(i);
            if (v == null || !Double.isFinite(v)) {
                throw Limits.badRequest("values[" + i + "] is not a number; every value must be a finite number.");
            }
            y[i] = v;
        }
        int[] posted = Limits.periods(request.period(), request.periods(), y.length);
        int period = posted[0];
        int horizon = Limits.whole("horizon", request.horizon(), 30);
        int level = Limits.whole("level", request.level(), 80);
        Limits.horizon(horizon);
        Limits.level(level);
        ForecastModel model = catalog.usable(request.model() == null ? "auto" : request.model());
        Limits.length(model, y.length, period, horizon);
        String key = "forecast:series:" + hash(y, posted) + ":forecast:" + model.name() + ":h" + horizon + ":l" + level;
        return cache.getOrCompute(key, ForecastResponse.class, () -> compute.run(() -> {
            // one period posted: a weekly cycle the data shows is added (for mstl and auto; the others use the first)
            int[] periods = posted.length == 1 ? Seasonality.detect(y, period) : posted;
            // with the horizon, auto backtests at the horizon it will be judged on
            FittedModel fitted = guard(model, () -> model.fit(FitRequest.of(y, periods, horizon)));
            Forecast forecast = guard(model, () -> fitted.forecast(horizon, level));
            return response(forecast, model.name(), null, null, horizon, level, period, null, null);
        }));
    }

    /** A stored asset's closes are daily: {7} when they show a weekly cycle, else {1} (no season). */
    static int[] seasons(double[] closes) {
        return Seasonality.ofDays(closes);
    }

    PriceSeries series(String symbol) {
        return store.series(symbol).filter(s -> !s.prices().isEmpty()).orElseThrow(() -> new HttpStatusException(
                HttpStatus.NOT_FOUND, "There is no asset " + symbol + "; GET /forecast/symbols lists them."));
    }

    private static ForecastResponse response(Forecast forecast, String requested, String symbol, String dataVersion,
                                             int horizon, int level, int period, TrainedModel fitted, LocalDate lastDay) {
        if (forecast.mean().length < horizon || forecast.lower().length < horizon || forecast.upper().length < horizon) {
            throw new HttpStatusException(HttpStatus.UNPROCESSABLE_ENTITY,
                    "The model " + requested + " returned fewer than " + horizon + " steps for this series.");
        }
        List<ForecastPoint> points = new ArrayList<>(horizon);
        for (int i = 0; i < horizon; i++) {
            double mean = forecast.mean()[i];
            double lower = forecast.lower()[i];
            double upper = forecast.upper()[i];
            if (!Double.isFinite(mean) || !Double.isFinite(lower) || !Double.isFinite(upper)) {
                throw new HttpStatusException(HttpStatus.UNPROCESSABLE_ENTITY, "The model " + forecast.model()
                        + " could not produce a finite forecast for this series; try another model.");
            }
            points.add(new ForecastPoint(i + 1, lastDay == null ? null : lastDay.plusDays(i + 1), mean, lower, upper));
        }
        return new ForecastResponse(forecast.model(), requested, symbol, dataVersion, horizon, level, period,
                periodsUsed(forecast, period), forecast.logScale(), fitted == null ? null : fitted.trainedAt(), plain(forecast.parameters()), points);
    }

    /** The seasonal cycles the forecast used: those mstl decomposed (alone or chosen by auto), else the period. */
    private static List<Integer> periodsUsed(Forecast forecast, int period) {
        if (forecast.parameters() != null && forecast.parameters().get("periods") instanceof List<?> periods
                && !periods.isEmpty() && periods.stream().allMatch(Integer.class::isInstance)) {
            return periods.stream().map(Integer.class::cast).toList();
        }
        return List.of(period);
    }

    // Parameters go out as JSON and come back from the cache: keep them to numbers, text, flags, lists and maps of those.
    private static Map<String, Object> plain(Map<String, ?> parameters) {
        Map<String, Object> plain = new LinkedHashMap<>();
        if (parameters != null) {
            parameters.forEach((name, value) -> {
                Object v = plainValue(value);
                if (v != null) {
                    plain.put(String.valueOf(name), v);
                }
            });
        }
        return plain;
    }

    private static Object plainValue(Object value) {
        if (value instanceof Number n) {
            return Double.isFinite(n.doubleValue()) ? n : null;
        }
        if (value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> nested = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                Object p = plainValue(v);
                if (p != null) {
                    nested.put(String.valueOf(k), p);
                }
            });
            return nested;
        }
        if (value instanceof double[] array) {
            return java.util.Arrays.stream(array).mapToObj(Forecaster::plainValue).toList();
        }
        if (value instanceof int[] array) {
            return java.util.Arrays.stream(array).boxed().toList();
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(Forecaster::plainValue).filter(java.util.Objects::nonNull).toList();
        }
        return value == null ? null : String.valueOf(value);
    }

    /**
     * Runs model code: the one place the library's errors become answers. Input the models refuse
     * ({@link InvalidSeriesException}, a sentence stating the limit) is a 400; anything else a model
     * throws is a 422 naming the model, never a 500.
     */
    static <T> T guard(ForecastModel model, Supplier<T> work) {
        try {
            return work.get();
        } catch (HttpStatusException | microlab.problem.ProblemException | java.util.concurrent.CancellationException e) {
            throw e;
        } catch (InvalidSeriesException e) {
            throw Limits.badRequest(e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("The model {} failed on a series", model.name(), e);
            throw new HttpStatusException(HttpStatus.UNPROCESSABLE_ENTITY,
                    "The model " + model.name() + " could not be fitted to this series; try another model.");
        }
    }

    private static String hash(double[] y, int[] periods) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(8);
            for (int period : periods) {
                buffer.clear();
                digest.update(buffer.putLong(period).array());
            }
            buffer.clear();
            digest.update(buffer.putLong(-1).array());
            for (double v : y) {
                buffer.clear();
                digest.update(buffer.putDouble(v).array());
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
