package microlab.problem;

import io.micronaut.http.HttpStatus;

/**
 * The base of each service's own domain errors: a status, the sentence a client reads as the problem's
 * detail and, for a refusal that passes (503, 429), the seconds to wait before trying again. One
 * handler, {@link ProblemExceptionHandler}, turns every subclass into problem+json.
 */
public class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final Integer retryAfterSeconds;

    public ProblemException(HttpStatus status, String detail) {
        this(status, detail, null);
    }

    public ProblemException(HttpStatus status, String detail, Integer retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public HttpStatus status() {
        return status;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
