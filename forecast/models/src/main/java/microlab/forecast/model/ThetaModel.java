package microlab.forecast.model;

import microlab.forecast.numerics.Band;
import microlab.forecast.numerics.Series;
import microlab.forecast.numerics.TrendSmoothing;

import java.util.Map;

/**
 * The Theta method (Assimakopoulos and Nikolopoulos, in the form Hyndman and Billah showed equal to
 * SES with drift): SES plus half the slope of the least-squares line through the series, on the
 * seasonally adjusted series when the series is seasonal. Intervals are those of SES.
 */
public final class ThetaModel extends StatisticalModel {

    public ThetaModel() {
        super("theta", "Theta method: simple exponential smoothing plus half the slope of the series' linear trend.",
                Season.ADJUSTED);
    }

    @Override
    protected Core fitCore(double[] x, int period, boolean logScale) {
        return new Fit(TrendSmoothing.ses(x), Series.line(x, x.length).slope() / 2);
    }

    @Override
    protected Core readCore(ModelState.In in) {
        return new Fit(SesModel.Smoothed.read(in).run(), in.readDouble());
    }

    private record Fit(TrendSmoothing.Run ses, double drift) implements Core {

        @Override
        public Band forecast(int horizon, double level) {
            Band band = ses.forecast(horizon, level);
            double alpha = ses.alpha();
            double tail = (1 - Math.pow(1 - alpha, ses.n())) / alpha;
            for (int h = 1; h <= horizon; h++) {
                double shift = drift * (h - 1 + tail);
                band.mean()[h - 1] += shift;
                band.lower()[h - 1] += shift;
                band.upper()[h - 1] += shift;
            }
            return band;
        }

        @Override
        public Map<String, Object> parameters() {
            return Map.of("alpha", ses.alpha(), "drift", drift, "sigma", ses.sigma());
        }

        @Override
        public void write(ModelState.Out out) {
            new SesModel.Smoothed(ses).write(out);
            out.writeDouble(drift);
        }
    }
}
