package microlab.forecast.price;

import io.micronaut.context.event.ApplicationEventPublisher;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Stores an uploaded series and tells the rest of the service, once the transaction has committed. */
@Singleton
public class PriceUploads {

    private static final Logger LOG = LoggerFactory.getLogger(PriceUploads.class);

    private final PriceStore store;
    private final ApplicationEventPublisher<PricesReplaced> events;

    public PriceUploads(PriceStore store, ApplicationEventPublisher<PricesReplaced> events) {
        this.store = store;
        this.events = events;
    }

    public Asset replace(String symbol, List<DailyClose> prices) {
        Asset asset = store.replace(symbol, prices, "upload");
        LOG.info("Replaced the prices of {}: {} days, data version {}", symbol, asset.days(), asset.dataVersion());
        events.publishEvent(new PricesReplaced(symbol, asset.dataVersion()));
        return asset;
    }
}
