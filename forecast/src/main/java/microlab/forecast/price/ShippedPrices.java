package microlab.forecast.price;

import io.micronaut.core.io.ResourceResolver;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The price history the service ships with, loaded into the database once. */
@Singleton
public class ShippedPrices {

    public static final List<String> SYMBOLS = List.of("BTC", "ETH", "SOL", "XRP", "DOGE");

    private static final Logger LOG = LoggerFactory.getLogger(ShippedPrices.class);

    private final PriceStore store;
    private final ResourceResolver resources;

    public ShippedPrices(PriceStore store, ResourceResolver resources) {
        this.store = store;
        this.resources = resources;
    }

    /** Loads every shipped asset the database does not have yet (a user's upload of that symbol wins). */
    public int loadMissing() {
        int loaded = 0;
        for (String symbol : SYMBOLS) {
            if (store.asset(symbol).isPresent()) {
                continue;
            }
            if (store.loadIfAbsent(symbol, read(symbol), "shipped")) {
                loaded++;
                LOG.info("Loaded the shipped price history of {}", symbol);
            }
        }
        if (loaded == 0) {
            LOG.info("Shipped price histories already in the database; nothing loaded");
        }
        return loaded;
    }

    public List<DailyClose> read(String symbol) {
        String path = "classpath:data/crypto/" + symbol + "-USD.csv";
        try (InputStream in = resources.getResourceAsStream(path)
                .orElseThrow(() -> new IllegalStateException("missing resource " + path))) {
            return CsvPrices.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
