package microlab.forecast.price;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import microlab.forecast.TempStateDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.ResultSet;
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
    @Inject
    JdbcOperations jdbc;

    @Test
    void theShippedAssetsAreInTheDatabaseAfterStart() {
        Map<String, Integer> days = store.assets().stream().collect(Collectors.toMap(Asset::symbol, Asset::days));
        for (String symbol : ShippedPrices.SYMBOLS) {
            assertEquals(shipped.read(symbol).size(), days.get(symbol), symbol);
        }
    }

    @Test
    void loadingAgainLoadsNothingTwice() {
        List<Asset> before = shippedAssets();
        long rows = priceRows();
        assertEquals(0, shipped.loadMissing());
        assertEquals(rows, priceRows());
        assertEquals(before, shippedAssets());
    }

    private List<Asset> shippedAssets() {
        return store.assets().stream().filter(a -> ShippedPrices.SYMBOLS.contains(a.symbol())).toList();
    }

    private long priceRows() {
        return jdbc.prepareStatement("select count(*) from price where symbol in ('BTC','ETH','SOL','XRP','DOGE')", s -> {
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
