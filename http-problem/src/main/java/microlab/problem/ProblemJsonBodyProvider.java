package microlab.problem;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.JsonErrorResponseBodyProvider;
import jakarta.inject.Singleton;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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
        return Problem.of("about:blank", response.reason(), response.code(), detail,
                context.getRequest().getPath(), messages.size() > 1 ? messages : null);
    }

    @Override
    public String contentType() {
        return PROBLEM_JSON;
    }

    // Validation messages start with the controller's parameter name ("form.email: ..."); a client
    // knows only the field ("email: ...").
    private static final Pattern PARAMETER_PREFIX = Pattern.compile("^\\w+\\.(?=[\\w.\\[\\]<>]+: )");
    // Binding errors name Java types and parser internals; a client needs the argument and the reason.
    private static final Pattern CONVERSION = Pattern.compile(
            "Failed to convert argument \\[(\\w+)] for value \\[(.*?)] due to: (.*)", Pattern.DOTALL);
    private static final Pattern DECODING = Pattern.compile("Error decoding property \\[[^]]*] of type \\[[^]]*]: ");
    private static final Pattern JAVA_TYPE = Pattern.compile("`(?:[\\w$]+\\.)*([\\w$]+)`");
    private static final Pattern UNKNOWN_ENUM = Pattern.compile("No enum constant ([\\w$.]+)\\.([^.]+)");
    private static final Pattern SOURCE = Pattern.compile("\\s*\\n at \\[Source: .*?; line: (\\d+), column: (\\d+)]", Pattern.DOTALL);

    private static String describe(Error error) {
        String message = clean(error.getMessage());
        String described = error.getPath()
                .map(path -> path.startsWith("/") ? path.substring(1) : path)
                .filter(path -> !message.startsWith(path + ":"))
                .map(path -> path + ": " + message)
                .orElse(message);
        return PARAMETER_PREFIX.matcher(described).replaceFirst("");
    }

    static String clean(String message) {
        String text = SOURCE.matcher(message).replaceAll(" (line $1, column $2)");
        Matcher conversion = CONVERSION.matcher(text);
        if (conversion.matches()) {
            Matcher unknown = UNKNOWN_ENUM.matcher(conversion.group(3).trim());
            if (unknown.matches()) {
                return conversion.group(1) + ": '" + unknown.group(2) + "' is not one of " + constants(unknown.group(1));
            }
            String value = conversion.group(2);
            String reason = JAVA_TYPE.matcher(DECODING.matcher(conversion.group(3)).replaceAll("")).replaceAll("$1");
            text = conversion.group(1) + ": "
                    + ("null".equals(value) ? "could not be read" : "'" + value + "' could not be read")
                    + ": " + reason.trim();
        }
        return text;
    }

    // The message names the enum by its canonical name: a nested enum's binary name has '$' instead.
    private static String constants(String enumClass) {
        String name = enumClass;
        while (true) {
            try {
                Object[] values = Class.forName(name).getEnumConstants();
                return values == null ? "the allowed values"
                        : Arrays.stream(values).map(String::valueOf).collect(Collectors.joining(", "));
            } catch (ClassNotFoundException | LinkageError e) {
                int dot = name.lastIndexOf('.');
                if (dot < 0) {
                    return "the allowed values";
                }
                name = name.substring(0, dot) + '$' + name.substring(dot + 1);
            }
        }
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
