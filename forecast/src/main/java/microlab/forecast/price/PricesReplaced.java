package microlab.forecast.price;

/** Published after a series was replaced: whatever was computed from the old prices is outdated. */
public record PricesReplaced(String symbol, String dataVersion) {
}
