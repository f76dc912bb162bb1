package microlab.orders.idempotency;

import io.micronaut.http.HttpStatus;
import microlab.problem.ProblemException;

/** An Idempotency-Key that is malformed (400) or was used for another request (422). */
public class IdempotencyKeyException extends ProblemException {

    public IdempotencyKeyException(HttpStatus status, String detail) {
        super(status, detail);
    }
}
