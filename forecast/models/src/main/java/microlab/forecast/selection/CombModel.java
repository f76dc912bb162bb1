package microlab.forecast.selection;

import microlab.forecast.model.Checks;
import microlab.forecast.model.FitRequest;
import microlab.forecast.model.FittedModel;
import microlab.forecast.model.Forecast;
import microlab.forecast.model.ForecastModel;
import microlab.forecast.model.ModelState;
import microlab.forecast.model.SesModel;
import microlab.forecast.model.TrendModel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The M4 competition's "Comb" benchmark: the mean of SES, Holt and the damped trend, each on the
 * seasonally adjusted series when the series is seasonal. Averaging models whose errors differ is
 * what makes it hard to beat on series no single model fits well. The interval bounds are the means
 * of the members' bounds, which is exact when the members' errors move together and too wide
 * otherwise; auto calibrates them on its backtest. Offered through auto only (and measured on its own by
 * bin/bench --auto-eval).
 */
public final class CombModel implements ForecastModel {

    static final String NAME = "comb";
    static final List<ForecastModel> MEMBERS = List.of(new SesModel(), TrendModel.holt(), TrendModel.damped());

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "The mean of SES, Holt and the damped trend on the seasonally adjusted series (the M4 Comb benchmark).";
    }

    @Override
    public boolean seasonal() {
        return false;
    }

    @Override
    public int minLength(int period, int horizon) {
        return MEMBERS.stream().mapToInt(m -> m.minLength(period, horizon)).max().orElse(3);
    }

    /** The members fit the same request: each uses its main period alone. */
    @Override
    public FittedModel fit(FitRequest request) {
        Checks.length(this, request);
        return new Mean(MEMBERS.stream().map(m -> m.fit(request)).toList());
    }

    @Override
    public FittedModel restore(byte[] state) {
        return restore(state, MEMBERS);
    }

    /** A {@link Mean} of these models, saved by {@link Mean#save()}. */
    static FittedModel restore(byte[] state, List<ForecastModel> members) {
        ModelState.In in = new ModelState.In(state, NAME);
        int count = in.readInt();
        if (count != members.size()) {
            throw new IllegalArgumentException("The saved combination has " + count + " members, this build expects " + members.size() + ".");
        }
        return new Mean(members.stream().map(m -> m.restore(in.readBytes())).toList());
    }

    /** The members' forecasts averaged step by step: means with means, lower bounds with lower bounds. */
    static Forecast combine(List<Forecast> members) {
        int h = members.get(0).mean().length;
        double[] mean = new double[h];
        double[] lower = new double[h];
        double[] upper = new double[h];
        for (Forecast f : members) {
            for (int i = 0; i < h; i++) {
                mean[i] += f.mean()[i] / members.size();
                lower[i] += f.lower()[i] / members.size();
                upper[i] += f.upper()[i] / members.size();
            }
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("members", String.join(", ", members.stream().map(Forecast::model).toList()));
        return new Forecast(NAME, mean, lower, upper, members.get(0).logScale(), parameters);
    }

    /** Fitted models forecasting together: their forecasts averaged ({@link #combine}). */
    record Mean(List<FittedModel> members) implements FittedModel {

        @Override
        public Forecast forecast(int horizon, double level) {
            return combine(members.stream().map(m -> m.forecast(horizon, level)).toList());
        }

        @Override
        public byte[] save() {
            ModelState.Out out = new ModelState.Out(NAME).writeInt(members.size());
            members.forEach(m -> out.writeBytes(m.save()));
            return out.toBytes();
        }
    }
}
