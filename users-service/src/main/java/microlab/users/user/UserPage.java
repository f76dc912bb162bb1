package microlab.users.user;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.data.model.Page;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** One page of users, numbered from 0; {@code content} is there even when empty (past the last page). */
@Serdeable
public record UserPage(@JsonInclude(JsonInclude.Include.ALWAYS) List<User> content, int page, int size, long totalElements, int totalPages) {

    static UserPage of(Page<User> page) {
        return new UserPage(page.getContent(), page.getPageNumber(), page.getSize(),
                page.getTotalSize(), page.getTotalPages());
    }
}
