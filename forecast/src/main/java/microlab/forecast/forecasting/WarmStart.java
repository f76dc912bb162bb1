package microlab.forecast.forecasting;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import microlab.forecast.model.ForecastModel;
import microlab.forecast.price.Asset;
import microlab.forecast.price.PriceStore;
import microlab.forecast.price.ShippedPrices;
import microlab.forecast.state.BootCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The start sequence: count the boot, load the shipped prices the database lacks, read the fitted
 * models that still match the data from the state directory, then fit the warm-up models that are
 * still missing in the background.
 */
@Singleton
public class WarmStart implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(WarmStart.class);

    private final BootCounter boots;
    private final ShippedPrices shipped;
    private final PriceStore store;
    private final TrainedModels trained;
    private final ModelCatalog catalog;
    private final List<String> warmUpModels;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "forecast-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        return thread;
    });
    private volatile Instant startedAt;
    private volatile int loadedFromState;

    public WarmStart(BootCounter boots, ShippedPrices shipped, PriceStore store, TrainedModels trained,
                     ModelCatalog catalog, @Value("${forecast.warm-up-models:}") List<String> warmUpModels) {
        this.boots = boots;
        this.shipped = shipped;
        this.store = store;
        this.trained = trained;
        this.catalog = catalog;
        this.warmUpModels = warmUpModels;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        startedAt = Instant.now();
        int boot = boots.countThisBoot();
        shipped.loadMissing();
        List<Asset> assets = store.assets();
        loadedFromState = trained.loadFromState(assets);
        if (loadedFromState > 0) {
            LOG.info("Boot {}: {} fitted models loaded from the state directory, no retraining needed", boot, loadedFromState);
        } else {
            LOG.info("Boot {}: no saved models match the current data; models are fitted on first use", boot);
        }
        if (!warmUpModels.isEmpty()) {
            background.submit(() -> warmUp(assets));
        }
    }

    public Instant startedAt() {
        return startedAt;
    }

    public int loadedFromState() {
        return loadedFromState;
    }

    private void warmUp(List<Asset> assets) {
        for (String name : warmUpModels) {
            for (Asset asset : assets) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                try {
                    ForecastModel model = catalog.require(name);
                    if (trained.has(new ModelKey(asset.symbol(), model.name(), asset.dataVersion()))) {
                        continue;
                    }
                    store.series(asset.symbol()).ifPresent(series -> trained.obtain(series, model));
                } catch (RuntimeException e) {
                    LOG.warn("Warm-up of {} for {} failed: {}", name, asset.symbol(), e.getMessage());
                }
            }
        }
        LOG.info("Warm-up done: {} models in memory", trained.all().size());
    }

    @PreDestroy
    void stop() {
        background.shutdownNow();
    }
}
