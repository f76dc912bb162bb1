package microlab.forecast.cache;

import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import microlab.forecast.price.PricesReplaced;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * New prices get a new data version, so old entries could never be read again; deleting them at once
 * frees Redis instead of waiting for their TTL.
 */
@Singleton
public class CacheInvalidation {

    private static final Logger LOG = LoggerFactory.getLogger(CacheInvalidation.class);

    private final ResultCache cache;

    public CacheInvalidation(ResultCache cache) {
        this.cache = cache;
    }

    @EventListener
    public void onPricesReplaced(PricesReplaced event) {
        long deleted = cache.evictPrefix("forecast:" + event.symbol() + ":");
        LOG.info("Deleted {} cached results of {}", deleted, event.symbol());
    }
}
