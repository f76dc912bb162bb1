package microlab.forecast.forecasting;

import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import microlab.forecast.model.FitRequest;
import microlab.forecast.model.FittedModel;
import microlab.forecast.model.ForecastModel;
import microlab.forecast.price.Asset;
import microlab.forecast.price.PriceSeries;
import microlab.forecast.price.PricesReplaced;
import microlab.forecast.state.ArchivedModel;
import microlab.forecast.state.ModelArchive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The fitted models of the stored assets: fitted on the first request that needs one, kept in memory
 * and on the state directory, and read back from there on the next start when the data is unchanged.
 * Two requests for the same model share one fit.
 */
@Singleton
public class TrainedModels {

    private static final Logger LOG = LoggerFactory.getLogger(TrainedModels.class);

    private final ModelCatalog catalog;
    private final ModelArchive archive;
    private final Map<ModelKey, CompletableFuture<TrainedModel>> models = new ConcurrentHashMap<>();

    public TrainedModels(ModelCatalog catalog, ModelArchive archive) {
        this.catalog = catalog;
        this.archive = archive;
    }

    public TrainedModel obtain(PriceSeries series, ForecastModel model) {
        ModelKey key = new ModelKey(series.symbol(), model.name(), series.dataVersion());
        CompletableFuture<TrainedModel> mine = new CompletableFuture<>();
        CompletableFuture<TrainedModel> existing = models.putIfAbsent(key, mine);
        if (existing != null) {
            return join(existing);
        }
        try {
            mine.complete(fit(key, model, series.closes()));
        } catch (RuntimeException | Error e) {
            // waiters get the same failure; the next request tries again
            models.remove(key, mine);
            mine.completeExceptionally(e);
        }
        return join(mine);
    }

    public boolean has(ModelKey key) {
        CompletableFuture<TrainedModel> future = models.get(key);
        return future != null && future.isDone() && !future.isCompletedExceptionally();
    }

    /** Reads the saved models fitted to the assets' current data; returns how many. */
    public int loadFromState(List<Asset> assets) {
        Map<String, String> current = assets.stream().collect(Collectors.toMap(Asset::symbol, Asset::dataVersion));
        int loaded = 0;
        for (ArchivedModel saved : archive.readAll()) {
            String file = saved.symbol() + "/" + saved.model() + "-" + saved.dataVersion();
            if (!saved.dataVersion().equals(current.get(saved.symbol()))) {
                LOG.info("Not loading {}: the prices of {} have changed since it was fitted", file, saved.symbol());
                continue;
            }
            try {
                ForecastModel model = catalog.require(saved.model());
                FittedModel fitted = model.restore(saved.state());
                ModelKey key = new ModelKey(saved.symbol(), saved.model(), saved.dataVersion());
                TrainedModel trained = new TrainedModel(key, fitted, chosen(fitted), saved.trainedAt(), saved.fitMillis(), true);
                models.put(key, CompletableFuture.completedFuture(trained));
                loaded++;
                LOG.info("Loaded {} from the state directory (fitted {}), no refit needed", file, saved.trainedAt());
            } catch (RuntimeException e) {
                LOG.warn("Ignoring the saved model {}: {}", file, e.getMessage());
            }
        }
        for (Map.Entry<String, String> asset : current.entrySet()) {
            archive.deleteOtherVersions(asset.getKey(), asset.getValue());
        }
        return loaded;
    }

    @EventListener
    public void onPricesReplaced(PricesReplaced event) {
        retainOnly(event.symbol(), event.dataVersion());
    }

    /** Forgets the models of {@code symbol} fitted to other data than {@code dataVersion}, here and on disk. */
    public void retainOnly(String symbol, String dataVersion) {
        models.keySet().removeIf(key -> key.symbol().equals(symbol) && !key.dataVersion().equals(dataVersion));
        int deleted = archive.deleteOtherVersions(symbol, dataVersion);
        if (deleted > 0) {
            LOG.info("Removed {} saved models of {} fitted to its previous prices", deleted, symbol);
        }
    }

    public List<TrainedModel> all() {
        List<TrainedModel> done = new ArrayList<>();
        for (CompletableFuture<TrainedModel> future : models.values()) {
            if (future.isDone() && !future.isCompletedExceptionally()) {
                done.add(future.join());
            }
        }
        done.sort(Comparator.comparing((TrainedModel t) -> t.key().symbol()).thenComparing(t -> t.key().model()));
        return done;
    }

    private TrainedModel fit(ModelKey key, ForecastModel model, double[] y) {
        long start = System.nanoTime();
        FittedModel fitted = model.fit(FitRequest.of(y, Forecaster.seasons(y)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        // millisecond precision: what the state file keeps, so a model reads back exactly as it was fitted
        Instant trainedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        TrainedModel trained = new TrainedModel(key, fitted, chosen(fitted), trainedAt, millis, false);
        LOG.info("Fitted {} to {} (data version {}) in {} ms", key.model(), key.symbol(), key.dataVersion(), millis);
        try {
            archive.save(new ArchivedModel(key.symbol(), key.model(), key.dataVersion(), trained.trainedAt(), millis,
                    fitted.save()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not save {} of {} to the state directory: {}", key.model(), key.symbol(), e.getMessage());
        }
        return trained;
    }

    // For auto, the model it picked; a one-step forecast is cheap for every model.
    private static String chosen(FittedModel fitted) {
        return fitted.forecast(1, 80).model();
    }

    private static TrainedModel join(CompletableFuture<TrainedModel> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }
}
