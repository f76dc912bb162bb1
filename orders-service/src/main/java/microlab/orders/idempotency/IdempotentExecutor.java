package microlab.orders.idempotency;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Runs a creating action at most once per {@code Idempotency-Key}.
 *
 * <p>The first request with a key stores a "pending" marker with SET NX, runs the action, then
 * replaces the marker by the id it created, for {@code orders.idempotency.ttl}. A later request with
 * the same key and the same request gets that id back (the caller answers 200 instead of 201); with
 * a different request it is refused with 422. A duplicate that arrives while the first is still
 * running polls the marker for up to {@code orders.idempotency.in-flight-wait}, so ordinary client
 * retries and races get the same order back; only if the first request is still running after that
 * does it get 409, and may retry. If the action fails, the marker is removed, so the key can be
 * retried.
 *
 * <p>The pending marker expires after {@link #PENDING_TTL}, far longer than the action can run
 * (users-service timeouts plus one insert), so a process that dies mid-request does not block its
 * key for a day.
 *
 * <p>Without Redis a keyed request is refused with 503: going ahead without the marker could create
 * a second order for a retried request, which is exactly what the client sent the key to prevent.
 * Requests without a key never touch Redis.
 */
@Singleton
public class IdempotentExecutor {

    static final Duration PENDING_TTL = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    private static final int MAX_KEY_LENGTH = 255;
    private static final Logger LOG = LoggerFactory.getLogger(IdempotentExecutor.class);

    private final IdempotencyStore store;
    private final Duration ttl;
    private final Duration inFlightWait;

    IdempotentExecutor(IdempotencyStore store,
                       @Value("${orders.idempotency.ttl:24h}") Duration ttl,
                       @Value("${orders.idempotency.in-flight-wait:5s}") Duration inFlightWait) {
        this.store = store;
        this.ttl = ttl;
        this.inFlightWait = inFlightWait;
    }

    /**
     * @param key         the client's Idempotency-Key
     * @param request     the request in a canonical form: equal requests give equal strings
     * @param action      creates the resource and returns its id
     */
    public Outcome run(String key, String request, LongSupplier action) {
        requireWellFormed(key);
        String fingerprint = sha256(request);
        Marker pending = Marker.pending(fingerprint);
        long deadline = System.nanoTime() + inFlightWait.toNanos();
        while (true) {
            if (store.claim(key, pending, PENDING_TTL)) {
                return new Outcome(runClaimed(key, pending, action), false);
            }
            Optional<Marker> existing = store.read(key);
            if (existing.isEmpty()) {
                // The holder failed and released the key (or its marker expired) between our calls.
                continue;
            }
            Marker marker = existing.get();
            if (!marker.fingerprint().equals(fingerprint)) {
                throw new HttpStatusException(HttpStatus.UNPROCESSABLE_ENTITY,
                        "Idempotency-Key " + key + " was already used with a different request.");
            }
            if (marker.isDone()) {
                return new Outcome(marker.resourceId(), true);
            }
            if (System.nanoTime() > deadline) {
                throw new HttpStatusException(HttpStatus.CONFLICT,
                        "A request with Idempotency-Key " + key + " is still being processed. Retry later.");
            }
            pause();
        }
    }

    private long runClaimed(String key, Marker pending, LongSupplier action) {
        long id;
        try {
            id = action.getAsLong();
        } catch (RuntimeException e) {
            releaseQuietly(key, pending);
            throw e;
        }
        try {
            if (!store.replace(key, pending, Marker.done(pending.fingerprint(), id), ttl)) {
                LOG.warn("Idempotency-Key {} expired while its request ran; a retry may create another order", key);
            }
        } catch (HttpStatusException e) {
            // The order exists; failing the request now would invite the retry that duplicates it.
            LOG.warn("Could not record order {} for Idempotency-Key {}: Redis unavailable", id, key);
        }
        return id;
    }

    private void releaseQuietly(String key, Marker pending) {
        try {
            store.release(key, pending);
        } catch (HttpStatusException e) {
            LOG.warn("Could not release Idempotency-Key {}; it frees itself within {}", key, PENDING_TTL);
        }
    }

    private static void requireWellFormed(String key) {
        boolean printable = key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !printable) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST,
                    "Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters.");
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpStatusException(HttpStatus.SERVICE_UNAVAILABLE, "The server is shutting down. Retry later.");
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-256", e);
        }
    }
}
