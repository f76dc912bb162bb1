package microlab.forecast.price;

import java.time.LocalDate;
import java.util.List;

/** All prices of one asset, oldest first, with the data version they belong to. */
public record PriceSeries(String symbol, String dataVersion, List<DailyClose> prices) {

    public double[] closes() {
        return prices.stream().mapToDouble(DailyClose::close).toArray();
    }

    public LocalDate lastDay() {
        return prices.get(prices.size() - 1).date();
    }
}
