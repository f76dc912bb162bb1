package microlab.users.visits;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The two counters after one visit; {@code redis} is null while Redis is unavailable. */
@Serdeable
record Visits(@Nullable Long redis, long postgres) {
}
