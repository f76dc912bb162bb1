package microlab.consumer.summary;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * The active users as of {@code fetchedAt}. {@code stale} is true when users-service could not be
 * read just now and this is the last good summary; {@code staleReason} then says why.
 */
@Serdeable
public record Summary(long total, long active, @JsonInclude(JsonInclude.Include.ALWAYS) List<ActiveUser> activeUsers, Instant fetchedAt,
                      boolean stale, @Nullable String staleReason) {

    @Serdeable
    public record ActiveUser(long id, String name, String email) {
    }

    Summary markedStale(String reason) {
        return new Summary(total, active, activeUsers, fetchedAt, true, reason);
    }
}
