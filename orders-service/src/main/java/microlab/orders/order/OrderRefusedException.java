package microlab.orders.order;

import io.micronaut.http.HttpStatus;
import microlab.problem.ProblemException;

/** A well-formed order the domain refuses, such as a total over the limit (422). */
public class OrderRefusedException extends ProblemException {

    public OrderRefusedException(String detail) {
        super(HttpStatus.UNPROCESSABLE_ENTITY, detail);
    }
}
