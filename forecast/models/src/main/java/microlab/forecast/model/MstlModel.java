package microlab.forecast.model;

import com.github.servicenow.ds.stats.stl.SeasonalTrendLoess;
import microlab.forecast.numerics.Band;
import microlab.forecast.numerics.Cancellation;
import microlab.forecast.numerics.LogScale;
import microlab.forecast.numerics.Series;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MSTL (Bandara, Hyndman and Bergmeir, 2021): one STL decomposition per seasonal period, shortest
 * first, each run on the series with the other seasonal components taken out. The seasonally adjusted
 * rest (trend and remainder) is forecast by simple exponential smoothing, each seasonal component by
 * repeating its last cycle; the intervals are those of the smoothing, shifted by the seasons.
 * Fitted on the log scale when {@link LogScale} prefers it, so seasons can grow with the level.
 * {@link #withArima()} forecasts the adjusted rest with a non-seasonal ARIMA instead (R forecast's
 * {@code stlf(method = "arima")}, statsforecast's MSTL with an ARIMA trend forecaster): where the rest
 * wanders with hour-to-hour persistence, smoothing forgets it and an autoregression keeps it.
 * It uses the periods it is given; {@link Seasonality#detect} finds a longer cycle for callers that
 * were given one period (auto, and the service for a posted series).
 */
public final class MstlModel implements ForecastModel {

    /** Its API name. */
    public static final String NAME = "mstl";
    /** The API name of {@link #withArima()}. */
    public static final String ARIMA_NAME = "mstl-arima";
    // one round: the paper's second round moved auto's sMAPE on bin/bench --hourly-set by 0.005 of seasonal
    // naive's (0.730 against 0.735) and cost a fifth of auto's time (23.4 against 18.5 ms a series)
    private static final int ROUNDS = 1;
    private static final int SEASONAL_WIDTH = 15;
    private final String name;
    /**
     * What forecasts the seasonally adjusted rest: SES, or ARIMA (possibly with its orders settled). On the test windows
     * of bin/bench --hourly-set SES scored 0.744 / 0.694 of seasonal naive (sMAPE / MASE), theta the same, ETS 0.768 /
     * 0.726 and damped 0.772 / 0.726: over two days a trend is more often noise. ARIMA: see {@link #withArima()}.
     */
    private final StatisticalModel rest;

    public MstlModel() {
        this(NAME, new SesModel());
    }

    private MstlModel(String name, StatisticalModel rest) {
        this.name = name;
        this.rest = rest;
    }

    /** MSTL with a non-seasonal ARIMA, chosen by the same search as arima's, on the adjusted rest. */
    public static MstlModel withArima() {
        return new MstlModel(ARIMA_NAME, new ArimaModel());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "MSTL: an STL decomposition per seasonal period (e.g. daily and weekly in hourly data), the adjusted series by "
                + (rest instanceof ArimaModel ? "a non-seasonal ARIMA (orders by a stepwise search)" : "exponential smoothing")
                + ", the seasons repeated; several periods with 'periods', or a weekly cycle found on its own.";
    }

    /** With ARIMA on the rest, its orders are searched once on the request's adjusted values. */
    @Override
    public ForecastModel settledOn(FitRequest request) {
        if (!(rest instanceof ArimaModel arima)) {
            return this;
        }
        Checks.length(this, request);
        Adjusted a = adjust(request);
        return new MstlModel(name, arima.settledOnWorking(a.adjusted()));
    }

    @Override
    public boolean seasonal() {
        return true;
    }

    @Override
    public FittedModel fit(FitRequest request) {
        Checks.length(this, request);
        Adjusted a = adjust(request);
        return new Fitted(name, a.log(), a.periods(), a.lastCycles(), rest.fitCore(a.adjusted(), 1, a.log()));
    }

    /** The request's values on the working scale less their seasons, and each season's last cycle. */
    private record Adjusted(boolean log, int[] periods, double[] adjusted, double[][] lastCycles) {
    }

    private static Adjusted adjust(FitRequest request) {
        double[] y = request.y();
        int[] used = Seasonality.fitting(request.periods(), y.length);
        boolean log = LogScale.prefers(y, used[0]);
        double[] x = log ? Series.log(y) : y.clone();
        double[][] seasons = decompose(x, used);
        double[] adjusted = x.clone();
        for (double[] season : seasons) {
            for (int t = 0; t < x.length; t++) {
                adjusted[t] -= season[t];
            }
        }
        double[][] lastCycles = new double[used.length][];
        for (int i = 0; i < used.length; i++) {
            lastCycles[i] = Arrays.copyOfRange(seasons[i], x.length - used[i], x.length);
        }
        return new Adjusted(log, used, adjusted, lastCycles);
    }

    /** The seasonal component of x for each period (x = sum of them + trend + remainder). */
    static double[][] decompose(double[] x, int[] periods) {
        int n = x.length;
        double[][] seasons = new double[periods.length][n];
        double[] rest = x.clone();
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < periods.length; i++) {
                Cancellation.check();
                for (int t = 0; t < n; t++) {
                    rest[t] += seasons[i][t];
                }
                if (periods[i] > 1) {
                    // seasonal windows 15, 19...: seasons that change slowly; the paper's 7, 11... scored 0.96 / 0.86 of
                    // seasonal naive on bin/bench --hourly-set, 11 to 21 all 0.77-0.80 / 0.72-0.74
                    seasons[i] = new SeasonalTrendLoess.Builder().setPeriodLength(periods[i]).setSeasonalWidth(SEASONAL_WIDTH + 4 * i)
                            .setNonRobust().buildSmoother(rest).decompose().getSeasonal();
                }
                for (int t = 0; t < n; t++) {
                    rest[t] -= seasons[i][t];
                }
            }
        }
        return seasons;
    }

    @Override
    public FittedModel restore(byte[] state) {
        ModelState.In in = new ModelState.In(state, name);
        boolean log = in.readBoolean();
        int count = in.readInt();
        if (count < 1 || count > Seasonality.MAX_PERIODS) {
            throw new IllegalArgumentException("The saved " + name + " model is damaged.");
        }
        int[] periods = new int[count];
        double[][] cycles = new double[count][];
        for (int i = 0; i < count; i++) {
            periods[i] = in.readInt();
            cycles[i] = in.readDoubles();
            if (cycles[i].length != periods[i]) {
                throw new IllegalArgumentException("The saved " + name + " model is damaged.");
            }
        }
        return new Fitted(name, log, periods, cycles, rest.readCore(in));
    }

    private record Fitted(String name, boolean log, int[] periods, double[][] lastCycles, StatisticalModel.Core trend)
            implements FittedModel {

        @Override
        public Forecast forecast(int horizon, double level) {
            Checks.request(horizon, level);
            Band band = trend.forecast(horizon, level);
            double[] mean = band.mean().clone();
            double[] lower = band.lower().clone();
            double[] upper = band.upper().clone();
            for (int h = 0; h < horizon; h++) {
                double season = 0;
                for (double[] cycle : lastCycles) {
                    season += cycle[h % cycle.length];
                }
                mean[h] += season;
                lower[h] += season;
                upper[h] += season;
            }
            Map<String, Object> parameters = new LinkedHashMap<>(trend.parameters());
            parameters.put("periods", Arrays.stream(periods).boxed().toList());
            return Forecast.of(name, new Band(mean, lower, upper), log, parameters);
        }

        @Override
        public byte[] save() {
            ModelState.Out out = new ModelState.Out(name).writeBoolean(log).writeInt(periods.length);
            for (int i = 0; i < periods.length; i++) {
                out.writeInt(periods[i]).writeDoubles(lastCycles[i]);
            }
            trend.write(out);
            return out.toBytes();
        }
    }
}
