package microlab.problem;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** An RFC 9457 problem detail; {@code errors} lists each violated constraint, when there are several (null otherwise). */
@Serdeable
public record Problem(String type, String title, int status, String detail, String instance, List<String> errors) {
}
