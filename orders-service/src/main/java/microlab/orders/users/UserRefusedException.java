package microlab.orders.users;

import io.micronaut.http.HttpStatus;
import microlab.problem.ProblemException;

/** The user may not order: unknown or not active (422). */
public class UserRefusedException extends ProblemException {

    public UserRefusedException(String detail) {
        super(HttpStatus.UNPROCESSABLE_ENTITY, detail);
    }
}
