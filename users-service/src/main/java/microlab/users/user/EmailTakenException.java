package microlab.users.user;

import io.micronaut.http.HttpStatus;
import microlab.problem.Causes;
import microlab.problem.ProblemException;

/** Another user already has this email (409). */
class EmailTakenException extends ProblemException {

    /** PostgreSQL's unique_violation: on users, only the email's unique index can raise it on a save. */
    static final String UNIQUE_VIOLATION = "23505";

    EmailTakenException(String email) {
        super(HttpStatus.CONFLICT, "A user with email " + email + " already exists.");
    }

    static boolean causedBy(Throwable failure) {
        return Causes.of(failure).stream()
                .anyMatch(t -> t instanceof java.sql.SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState()));
    }
}
