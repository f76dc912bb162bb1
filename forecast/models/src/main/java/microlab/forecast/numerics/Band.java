package microlab.forecast.numerics;


/** Point forecasts with the lower and upper interval bounds, on whatever scale the model works in. */
public record Band(double[] mean, double[] lower, double[] upper) {

    public static Band normal(double[] mean, double[] sd, double level) {
        double z = Gaussian.quantile(0.5 + level / 200.0);
        double[] lo = new double[mean.length];
        double[] hi = new double[mean.length];
        for (int i = 0; i < mean.length; i++) {
            lo[i] = mean[i] - z * sd[i];
            hi[i] = mean[i] + z * sd[i];
        }
        return new Band(mean, lo, hi);
    }
}
