package microlab.consumer.users;

import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.client.annotation.Client;

/** users-service, found by its configured URL (micronaut.http.services.users.url). */
@Client(id = "users")
public interface UsersClient {

    int MAX_PAGE_SIZE = 100;

    @Get("/users")
    UserPageView page(@QueryValue int page, @QueryValue int size);
}
