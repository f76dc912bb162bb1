package microlab.users.user;

import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

@Serdeable
@MappedEntity("users")
public record User(@Id @GeneratedValue Long id,
                   String name,
                   String email,
                   boolean active,
                   Instant createdAt) {
}
