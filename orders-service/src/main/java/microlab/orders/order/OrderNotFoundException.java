package microlab.orders.order;

import io.micronaut.http.HttpStatus;
import microlab.problem.ProblemException;

/** No order with this id (404). */
public class OrderNotFoundException extends ProblemException {

    public OrderNotFoundException(long id) {
        super(HttpStatus.NOT_FOUND, "Order " + id + " does not exist.");
    }
}
