package microlab.forecast.price;

import io.micronaut.context.annotation.Value;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import microlab.forecast.TempStateDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShippedPricesTest implements TempStateDir {

    @Inject
    ShippedPrices shipped;
    @Inject
    PriceStore store;
    @Value("${datasources.default.url}")
    String url;

    @Test
    void theShippedAssetsAreInTheDatabaseAfterStart() {
        Map<String, Integer> days = store.assets().stream().collect(Collectors.toMap(Asset::symbol, Asset::days));
        for (String symbol : ShippedPrices.SYMBOLS) {
            assertEquals(shipped.read(symbol).size(), days.get(symbol), symbol);
        }
    }

    @Test
    void loadingAgainLoadsNothingTwice() throws SQLException {
        List<Asset> before = shippedAssets();
        long rows = priceRows();
        assertEquals(0, shipped.loadMissing());
        assertEquals(rows, priceRows());
        assertEquals(before, shippedAssets());
    }

    private List<Asset> shippedAssets() {
        return store.assets().stream().filter(a -> ShippedPrices.SYMBOLS.contains(a.symbol())).toList();
    }

    private long priceRows() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "forecast", "forecast");
             ResultSet rs = connection.createStatement()
                     .executeQuery("select count(*) from price where symbol in ('BTC','ETH','SOL','XRP','DOGE')")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
