package microlab.orders.users;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import jakarta.inject.Singleton;
import microlab.problem.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Asks users-service whether a user may order. A refusal is the client's problem (422); trouble
 * reaching users-service is ours (503 when it cannot be reached or does not answer in time, 502
 * when it answers with an error), and the order is then not written.
 */
@Singleton
public class ActiveUserCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveUserCheck.class);
    /** About when the users-service client's circuit half-opens again (3 s after it opened). */
    private static final int RETRY_AFTER_SECONDS = 2;

    private final UsersClient users;

    public ActiveUserCheck(UsersClient users) {
        this.users = users;
    }

    public void requireActiveUser(long userId) {
        Optional<UserSummary> user = lookUp(userId);
        if (user.isEmpty()) {
            throw new UserRefusedException("User " + userId + " does not exist.");
        }
        if (!user.get().active()) {
            throw new UserRefusedException("User " + userId + " is not active.");
        }
    }

    private Optional<UserSummary> lookUp(long userId) {
        try {
            return users.findUser(userId);
        } catch (ReadTimeoutException e) {
            LOG.warn("users-service did not answer in time for user {}", userId);
            throw unavailable("users-service did not answer in time; the order was not created. Retry later.");
        } catch (HttpClientResponseException e) {
            LOG.warn("users-service answered {} for user {}", e.getStatus().getCode(), userId);
            throw new ProblemException(HttpStatus.BAD_GATEWAY,
                    "users-service answered " + e.getStatus().getCode() + "; the order was not created.");
        } catch (HttpClientException e) {
            LOG.warn("users-service unreachable for user {}: {}", userId, e.getMessage());
            throw unavailable("users-service is unreachable; the order was not created. Retry later.");
        }
    }

    private static ProblemException unavailable(String detail) {
        return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, detail, RETRY_AFTER_SECONDS);
    }
}
