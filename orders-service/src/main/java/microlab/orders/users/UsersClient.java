package microlab.orders.users;

import io.micronaut.http.annotation.Get;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import io.micronaut.retry.annotation.CircuitBreaker;

import java.util.Optional;

/** users-service over HTTP; its URL and timeouts are under micronaut.http.services.users. */
@Client(id = "users")
public interface UsersClient {

    /**
     * Empty when users-service answers 404. A lookup is a GET, so a failed connection is tried once
     * more after 50 ms; when that fails too, the circuit opens, and for the next 3 s every lookup
     * fails at once with the same error, without a connection attempt: a dead users-service then
     * costs an order microseconds, not a connect timeout. An answer (any status) or a read timeout
     * neither retries nor opens the circuit: users-service is up then, and a slow answer is not
     * asked twice.
     */
    @Get("/users/{id}")
    @CircuitBreaker(attempts = "1", delay = "50ms", reset = "3s",
            excludes = {HttpClientResponseException.class, ReadTimeoutException.class})
    Optional<UserSummary> findUser(long id);
}
