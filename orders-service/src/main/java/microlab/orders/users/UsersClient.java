package microlab.orders.users;

import io.micronaut.http.annotation.Get;
import io.micronaut.http.client.annotation.Client;

import java.util.Optional;

/** users-service over HTTP; its URL and timeouts are under micronaut.http.services.users. */
@Client(id = "users")
public interface UsersClient {

    /** Empty when users-service answers 404. */
    @Get("/users/{id}")
    Optional<UserSummary> findUser(long id);
}
