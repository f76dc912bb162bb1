package microlab.forecast.model;

import microlab.forecast.numerics.Band;
import microlab.forecast.numerics.TrendSmoothing;

import java.util.LinkedHashMap;
import java.util.Map;

/** Simple exponential smoothing (ETS(A,N,N)), on the seasonally adjusted series when the series is seasonal. */
public final class SesModel extends StatisticalModel {

    public SesModel() {
        super("ses", "Simple exponential smoothing: a flat forecast at a level that follows recent values with weight alpha.",
                Season.ADJUSTED);
    }

    @Override
    protected Core fitCore(double[] x, int period, boolean logScale) {
        return new Smoothed(TrendSmoothing.ses(x));
    }

    @Override
    protected Core readCore(ModelState.In in) {
        return Smoothed.read(in);
    }

    /** A finished smoothing run as a Core; shared by ses, holt and damped. */
    record Smoothed(TrendSmoothing.Run run) implements Core {

        @Override
        public Band forecast(int horizon, double level) {
            return run.forecast(horizon, level);
        }

        @Override
        public Map<String, Object> parameters() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("alpha", run.alpha());
            if (run.trend()) {
                p.put("beta", run.beta());
                if (run.phi() < 1) {
                    p.put("phi", run.phi());
                }
            }
            p.put("sigma", run.sigma());
            return p;
        }

        @Override
        public void write(ModelState.Out out) {
            out.writeDouble(run.alpha()).writeDouble(run.beta()).writeDouble(run.phi()).writeBoolean(run.trend())
                    .writeDouble(run.level()).writeDouble(run.slope()).writeDouble(run.sse()).writeInt(run.n());
        }

        static Smoothed read(ModelState.In in) {
            return new Smoothed(new TrendSmoothing.Run(in.readDouble(), in.readDouble(), in.readDouble(), in.readBoolean(),
                    in.readDouble(), in.readDouble(), in.readDouble(), in.readInt()));
        }
    }
}
