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
 * It uses the periods it is given; {@link Seasonality#detect} finds a longer cycle for callers that
 * were given one period (auto, and the service for a posted series).
 */
public final class MstlModel implements ForecastModel {

    /** Its API name; auto starts from it on seasonal series. */
    public static final String NAME = "mstl";
    // one round: the paper's second round moved auto's sMAPE on bin/bench --hourly-set by 0.005 of seasonal
    // naive's (0.730 against 0.735) and cost a fifth of auto's time (23.4 against 18.5 ms a series)
    private static final int ROUNDS = 1;
    private static final int SEASONAL_WIDTH = 15;
    // on bin/bench --hourly-set SES on the adjusted series scored 0.744 / 0.694 of seasonal naive (sMAPE / MASE),
    // theta the same, ETS 0.768 / 0.726 and damped 0.772 / 0.726: over two days a trend is more often noise
    private static final SesModel TREND = new SesModel();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "MSTL: an STL decomposition per seasonal period (e.g. daily and weekly in hourly data), the "
                + "adjusted series by exponential smoothing, the seasons repeated; several periods with 'periods', or a weekly "
                + "cycle found on its own.";
    }

    @Override
    public boolean seasonal() {
        return true;
    }

    @Override
    public FittedModel fit(FitRequest request) {
        Checks.length(this, request);
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
        return new Fitted(log, used, lastCycles, TREND.fitCore(adjusted, 1, log));
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
        ModelState.In in = new ModelState.In(state, NAME);
        boolean log = in.readBoolean();
        int count = in.readInt();
        if (count < 1 || count > Seasonality.MAX_PERIODS) {
            throw new IllegalArgumentException("The saved mstl model is damaged.");
        }
        int[] periods = new int[count];
        double[][] cycles = new double[count][];
        for (int i = 0; i < count; i++) {
            periods[i] = in.readInt();
            cycles[i] = in.readDoubles();
            if (cycles[i].length != periods[i]) {
                throw new IllegalArgumentException("The saved mstl model is damaged.");
            }
        }
        return new Fitted(log, periods, cycles, TREND.readCore(in));
    }

    private record Fitted(boolean log, int[] periods, double[][] lastCycles, StatisticalModel.Core trend)
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
            return Forecast.of(NAME, new Band(mean, lower, upper), log, parameters);
        }

        @Override
        public byte[] save() {
            ModelState.Out out = new ModelState.Out(NAME).writeBoolean(log).writeInt(periods.length);
            for (int i = 0; i < periods.length; i++) {
                out.writeInt(periods[i]).writeDoubles(lastCycles[i]);
            }
            trend.write(out);
            return out.toBytes();
        }
    }
}
