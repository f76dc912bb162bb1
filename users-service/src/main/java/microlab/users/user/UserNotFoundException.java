package microlab.users.user;

import io.micronaut.http.HttpStatus;
import microlab.problem.ProblemException;

/** No user with this id (404). */
public class UserNotFoundException extends ProblemException {

    public UserNotFoundException(long id) {
        super(HttpStatus.NOT_FOUND, "No user with id " + id + ".");
    }
}
