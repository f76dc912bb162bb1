package microlab.forecast.model;

import microlab.forecast.numerics.Band;
import microlab.forecast.numerics.LogScale;
import microlab.forecast.numerics.SeasonalAdjustment;
import microlab.forecast.numerics.Series;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The frame shared by the statistical models: checks the input, picks the raw or the log scale
 * ({@link LogScale}), seasonally adjusts for the models that have no season of their own
 * ({@link SeasonalAdjustment}), and turns the working-scale forecast back into prices. Each model only
 * fits and forecasts a {@link Core} on the working scale.
 */
abstract class StatisticalModel implements ForecastModel {

    /** What a model does with the seasonal period. */
    enum Season {
        /** nothing: it has no season */
        NONE,
        /** it fits the season itself (snaive, arima), so a series needs 2 * period + horizon points */
        OWN,
        /** it has no season of its own and runs on the seasonally adjusted series when there is one */
        ADJUSTED
    }

    private final String name;
    private final String description;
    private final Season season;

    /** name: the API's; description: one sentence for GET /forecast/models. */
    protected StatisticalModel(String name, String description, Season season) {
        this.name = name;
        this.description = description;
        this.season = season;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final boolean seasonal() {
        return season == Season.OWN;
    }

    /** A fit on the working scale (log or raw, seasonally adjusted or not). */
    interface Core {
        Band forecast(int horizon, double level);

        Map<String, Object> parameters();

        void write(ModelState.Out out);
    }

    /** Fits x, the series on the working scale; {@code logScale} says whether x is log(y). */
    protected abstract Core fitCore(double[] x, int period, boolean logScale);

    protected abstract Core readCore(ModelState.In in);

    /** Whether the model runs on the seasonally adjusted series when the series is seasonal. */
    private boolean adjustsSeason() {
        return season == Season.ADJUSTED;
    }

    /** Fits the request's main period: the models with one season or none need nothing else of it. */
    @Override
    public final FittedModel fit(FitRequest request) {
        Checks.length(this, request);
        double[] y = request.y();
        int period = request.period();
        boolean log = LogScale.prefers(y, period);
        double[] x = log ? Series.log(y) : y.clone();
        SeasonalAdjustment season = adjustsSeason() ? SeasonalAdjustment.detect(x, period, log) : SeasonalAdjustment.NONE;
        Core core = fitCore(season.remove(x), period, log);
        return new Fitted(name(), log, season, core);
    }

    @Override
    public FittedModel restore(byte[] state) {
        ModelState.In in = new ModelState.In(state, name());
        boolean log = in.readBoolean();
        SeasonalAdjustment season = readSeason(in);
        return new Fitted(name(), log, season, readCore(in));
    }

    private static void writeSeason(SeasonalAdjustment season, ModelState.Out out) {
        out.writeInt(season.period()).writeBoolean(season.multiplicative()).writeDoubles(season.index()).writeInt(season.length());
    }

    private static SeasonalAdjustment readSeason(ModelState.In in) {
        int period = in.readInt();
        boolean multiplicative = in.readBoolean();
        double[] index = in.readDoubles();
        int length = in.readInt();
        if (period < 1 || index.length != period) {
            throw new IllegalArgumentException("The saved seasonal adjustment is damaged.");
        }
        return new SeasonalAdjustment(period, multiplicative, index, length);
    }

    private record Fitted(String name, boolean log, SeasonalAdjustment season, Core core) implements FittedModel {

        @Override
        public Forecast forecast(int horizon, double level) {
            Checks.request(horizon, level);
            Band band = season.restore(core.forecast(horizon, level));
            Map<String, Object> parameters = new LinkedHashMap<>(core.parameters());
            if (season.active()) {
                parameters.put("seasonalAdjustment", season.multiplicative() ? "multiplicative" : "additive");
            }
            return Forecast.of(name, band, log, parameters);
        }

        @Override
        public byte[] save() {
            ModelState.Out out = new ModelState.Out(name).writeBoolean(log);
            writeSeason(season, out);
            core.write(out);
            return out.toBytes();
        }
    }
}
