package microlab.consumer.users;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** One page as users-service sends it; {@code content} may be absent on an empty page. */
@Serdeable
public record UserPageView(@Nullable List<UserView> content, int page, int size, long totalElements, int totalPages) {
}
