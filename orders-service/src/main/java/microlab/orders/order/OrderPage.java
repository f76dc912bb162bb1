package microlab.orders.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** An empty page still says {@code "content": []}: clients should not have to expect a missing field. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record OrderPage(List<OrderView> content, int page, int size, long totalElements, int totalPages) {
}
