package microlab.consumer.summary;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * The active users as of {@code fetchedAt}, {@code ageMillis} before the answer. {@code stale} is true
 * when users-service could not be read just now and this is the last good summary; {@code staleReason}
 * then says why.
 */
@Serdeable
public record Summary(long total, long active, @JsonInclude(JsonInclude.Include.ALWAYS) List<ActiveUser> activeUsers, Instant fetchedAt,
                      long ageMillis, boolean stale, @Nullable String staleReason) {

    @Serdeable
    public record ActiveUser(long id, String name, String email) {
    }

    Summary markedStale(String reason) {
        return new Summary(total, active, activeUsers, fetchedAt, ageMillis, true, reason);
    }

    Summary aged(Instant now) {
        return new Summary(total, active, activeUsers, fetchedAt, Math.max(0, now.toEpochMilli() - fetchedAt.toEpochMilli()),
                stale, staleReason);
    }
}
