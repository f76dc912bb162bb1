package microlab.orders.users;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.serde.annotation.Serdeable;

/** The part of users-service's user that orders need; the rest of its fields are ignored. */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserSummary(long id, boolean active) {
}
