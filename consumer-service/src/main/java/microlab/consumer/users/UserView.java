package microlab.consumer.users;

import io.micronaut.serde.annotation.Serdeable;

/** A user as users-service shows it; this service reads only these fields. */
@Serdeable
public record UserView(long id, String name, String email, boolean active) {
}
