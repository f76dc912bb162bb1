package microlab.problem;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.JsonErrorResponseBodyProvider;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.regex.Pattern;

/** Turns every error Micronaut renders as JSON into {@code application/problem+json}. */
@Singleton
@Replaces(JsonErrorResponseBodyProvider.class)
public class ProblemJsonBodyProvider implements JsonErrorResponseBodyProvider<Problem> {

    public static final String PROBLEM_JSON = "application/problem+json";

    @Override
    public Problem body(ErrorContext context, HttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        List<String> messages = context.getErrors().stream().map(ProblemJsonBodyProvider::describe).toList();
        String detail = detail(status, messages);
        return new Problem("about:blank", response.reason(), response.code(), detail,
                context.getRequest().getPath(), messages.size() > 1 ? messages : null);
    }

    @Override
    public String contentType() {
        return PROBLEM_JSON;
    }

    // Validation messages start with the controller's parameter name ("form.email: ..."); a client
    // knows only the field ("email: ...").
    private static final Pattern PARAMETER_PREFIX = Pattern.compile("^\\w+\\.(?=[\\w.\\[\\]<>]+: )");

    private static String describe(Error error) {
        String message = error.getPath().map(path -> path + ": " + error.getMessage()).orElse(error.getMessage());
        return PARAMETER_PREFIX.matcher(message).replaceFirst("");
    }

    // A 5xx never echoes an exception message: it could carry internals (SQL, hosts, stack frames).
    private static String detail(HttpStatus status, List<String> messages) {
        if (status.getCode() >= 500 && status != HttpStatus.BAD_GATEWAY && status != HttpStatus.SERVICE_UNAVAILABLE
                && status != HttpStatus.GATEWAY_TIMEOUT) {
            return "The server could not complete the request.";
        }
        return messages.isEmpty() ? status.getReason() : String.join("; ", messages);
    }
}
