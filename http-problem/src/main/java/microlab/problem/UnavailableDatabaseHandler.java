package microlab.problem;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * An exception that no more specific handler takes: when the database could not be reached (the pool
 * timed out waiting for a connection, the server refused or dropped it), the client gets a 503 problem
 * with {@code Retry-After}, since trying again shortly is the right thing to do; anything else stays
 * the 500 it always was, logged with its stack trace. Micronaut's handlers for its own exceptions
 * (validation, conversion, HttpStatusException, ...) are more specific and keep answering those.
 */
@Singleton
@Produces
public class UnavailableDatabaseHandler implements ExceptionHandler<RuntimeException, HttpResponse<?>> {

    /** Seconds a client should wait before trying again. */
    static final String RETRY_AFTER_SECONDS = "1";

    /** Micronaut Data's "the connection could not be obtained or prepared", named so this library needs no data layer. */
    private static final String DATA_CONNECTION_EXCEPTION = "io.micronaut.data.connection.exceptions.ConnectionException";

    private static final Logger LOG = LoggerFactory.getLogger(UnavailableDatabaseHandler.class);

    private final ErrorResponseProcessor<?> errors;

    public UnavailableDatabaseHandler(ErrorResponseProcessor<?> errors) {
        this.errors = errors;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, RuntimeException exception) {
        SQLException unreachable = unreachableDatabase(exception);
        if (unreachable != null) {
            LOG.warn("{} {}: the database is unreachable ({}), answering 503", request.getMethod(), request.getPath(),
                    unreachable.getMessage());
            return errors.processResponse(ErrorContext.builder(request).cause(exception)
                            .errorMessage("The database cannot be reached at the moment; nothing was changed. Try again shortly.")
                            .build(),
                    HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS));
        }
        LOG.error("{} {} failed", request.getMethod(), request.getPath(), exception);
        return errors.processResponse(ErrorContext.builder(request).cause(exception).build(), HttpResponse.serverError());
    }

    /**
     * The connection failure in the cause chain, if there is one: the JDBC connection exception types, a
     * SQLState of class 08 (connection exception) or 57P (the server is shutting down or restarting), or
     * Micronaut Data failing to prepare a pooled connection that died (with the SQLException it got).
     */
    static SQLException unreachableDatabase(Throwable exception) {
        for (Throwable t : Causes.of(exception)) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return (SQLException) t;
            }
            if (t.getClass().getName().equals(DATA_CONNECTION_EXCEPTION) && t.getCause() instanceof SQLException sql) {
                return sql;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return sql;
            }
        }
        return null;
    }
}
