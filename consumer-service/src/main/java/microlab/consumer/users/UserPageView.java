package microlab.consumer.users;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

@Serdeable
public record UserPageView(List<UserView> content, int page, int size, long totalElements, int totalPages) {
}
