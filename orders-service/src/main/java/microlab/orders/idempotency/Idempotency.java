package microlab.orders.idempotency;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The rules of {@code Idempotency-Key}, kept in PostgreSQL. The order's own transaction stores the key
 * ({@link #record}), so a key exists exactly when its order does: a crash, a commit whose
 * acknowledgement was lost, or a restart can never free a key whose order exists, nor keep one whose
 * order does not. A later request with the key and the same request gets that order back; with another
 * request, 422. A duplicate that arrives while the first is still running waits on the key's row in
 * PostgreSQL, then replays the first's order (or, if the first failed, creates its own). Keys are
 * forgotten after {@code orders.idempotency.ttl}. No Redis is involved.
 */
@Singleton
public class Idempotency {

    private static final int MAX_KEY_LENGTH = 255;
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String KEY_CONSTRAINT = "idempotency_keys_pkey";
    private static final Logger LOG = LoggerFactory.getLogger(Idempotency.class);

    private final IdempotencyKeyRepository keys;
    private final Duration ttl;

    Idempotency(IdempotencyKeyRepository keys, @Value("${orders.idempotency.ttl:24h}") Duration ttl) {
        this.keys = keys;
        this.ttl = ttl;
    }

    /** The key checked for form, with the request's fingerprint. */
    public Claim claim(String key, String canonicalRequest) {
        boolean printable = key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !printable) {
            throw new IdempotencyKeyException(HttpStatus.BAD_REQUEST,
                    "Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters.");
        }
        return new Claim(key, sha256(canonicalRequest));
    }

    /**
     * The order an earlier request with this key created, if any; 422 if that request was another one.
     * A key past its time is deleted here, so the request goes on as a first one and can store it again.
     */
    public Optional<Long> earlierOrder(Claim claim) {
        Optional<IdempotencyKey> found = keys.findById(claim.key());
        if (found.isPresent() && !found.get().createdAt().isAfter(Instant.now().minus(ttl))) {
            keys.delete(found.get());
            return Optional.empty();
        }
        return found.map(stored -> {
            if (!stored.requestHash().equals(claim.requestHash())) {
                throw new IdempotencyKeyException(HttpStatus.UNPROCESSABLE_ENTITY,
                        "Idempotency-Key " + claim.key() + " was already used with a different request.");
            }
            return stored.orderId();
        });
    }

    /** Stores the key for the order; call it inside the transaction that writes the order, after {@link #earlierOrder}. */
    public void record(Claim claim, long orderId, Instant now) {
        keys.save(new IdempotencyKey(claim.key(), claim.requestHash(), orderId, now));
    }

    /** Whether a failed write failed because another transaction stored the same key first. */
    public static boolean isTakenKey(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())
                    && String.valueOf(sql.getMessage()).contains(KEY_CONSTRAINT)) {
                return true;
            }
        }
        return false;
    }

    @Scheduled(fixedDelay = "1h", initialDelay = "1m")
    void forgetOldKeys() {
        long deleted = keys.deleteCreatedBefore(Instant.now().minus(ttl));
        if (deleted > 0) {
            LOG.info("Forgot {} Idempotency-Keys older than {}", deleted, ttl);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-256", e);
        }
    }

    /** A well-formed key and the fingerprint of the request it came with. */
    public record Claim(String key, String requestHash) {
    }
}
