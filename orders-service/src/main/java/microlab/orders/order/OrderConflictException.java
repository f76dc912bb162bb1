package microlab.orders.order;

import io.micronaut.http.HttpStatus;
import microlab.problem.ProblemException;

/** The order's state does not allow the request (409). */
public class OrderConflictException extends ProblemException {

    public OrderConflictException(String detail) {
        super(HttpStatus.CONFLICT, detail);
    }
}
