package microlab.orders.idempotency;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** A client's Idempotency-Key, a hash of the request it came with, and the order that request created. */
@MappedEntity("idempotency_keys")
public record IdempotencyKey(@Id String key, String requestHash, long orderId, Instant createdAt) {
}
