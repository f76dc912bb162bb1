package microlab.forecast.cache;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Read-through caching of JSON-serialisable results; a damaged or outdated entry is recomputed. Each key
 * ends with the code's fingerprint ({@link CodeVersion}): after an upgrade, old results are never read.
 */
@Singleton
public class CachedJson {

    private static final Logger LOG = LoggerFactory.getLogger(CachedJson.class);

    private final ResultCache cache;
    private final JsonMapper json;
    private final String code = ":code-" + CodeVersion.of(CachedJson.class);

    public CachedJson(ResultCache cache, JsonMapper json) {
        this.cache = cache;
        this.json = json;
    }

    public <T> T getOrCompute(String result, Class<T> type, Supplier<T> compute) {
        String key = result + code;
        Optional<String> hit = cache.get(key);
        if (hit.isPresent()) {
            try {
                return json.readValue(hit.get(), type);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Recomputing {}: the cached entry could not be read ({})", key, e.getMessage());
            }
        }
        T value = compute.get();
        try {
            cache.put(key, json.writeValueAsString(value));
        } catch (IOException e) {
            LOG.warn("Could not cache {}: {}", key, e.getMessage());
        }
        return value;
    }
}
