package microlab.problem;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest
@io.micronaut.context.annotation.Property(name = "spec.name", value = "ProblemJsonTest")
class ProblemJsonTest {

    @Inject
    @Client("/")
    HttpClient http;

    @Test
    void domainRefusalCarriesItsSentence() {
        Map<String, Object> problem = problem(HttpRequest.GET("/problem/conflict"), HttpStatus.CONFLICT);
        assertEquals("about:blank", problem.get("type"));
        assertEquals("Conflict", problem.get("title"));
        assertEquals("That name is taken.", problem.get("detail"));
        assertEquals("/problem/conflict", problem.get("instance"));
    }

    @Test
    void validationNamesEveryFieldWithoutTheParameterName() {
        Map<String, Object> problem = problem(HttpRequest.POST("/problem/form", Map.of("name", "", "count", 0)),
                HttpStatus.BAD_REQUEST);
        assertEquals(List.of("count: must be greater than or equal to 1", "name: must not be blank"),
                ((List<?>) problem.get("errors")).stream().sorted().toList());
    }

    @Test
    void bindingErrorsNameTheArgumentWithoutJavaInternals() {
        Map<String, Object> problem = problem(HttpRequest.GET("/problem/count?n=abc"), HttpStatus.BAD_REQUEST);
        assertEquals("n: 'abc' could not be read: For input string: \"abc\"", problem.get("detail"));

        Map<String, Object> body = problem(HttpRequest.POST("/problem/form", "{\"name\": \"x\", \"count\": \"many\"}")
                .contentType(MediaType.APPLICATION_JSON_TYPE), HttpStatus.BAD_REQUEST);
        String detail = (String) body.get("detail");
        assertFalse(detail.contains("microlab.problem"), detail);
        assertFalse(detail.contains("java.lang"), detail);
        assertFalse(detail.contains("Source"), detail);
    }

    @Test
    void anUnknownEnumValueListsTheAllowedOnes() {
        Map<String, Object> problem = problem(HttpRequest.GET("/problem/colour?c=PINK"), HttpStatus.BAD_REQUEST);
        assertEquals("c: 'PINK' is not one of RED, GREEN", problem.get("detail"));
    }

    @Test
    void browsersGetProblemJsonToo() {
        problem(HttpRequest.GET("/problem/missing").header(HttpHeaders.ACCEPT, "text/html,*/*;q=0.8"),
                HttpStatus.NOT_FOUND);
    }

    @Test
    void serverErrorsDoNotLeakTheExceptionMessage() {
        Map<String, Object> problem = problem(HttpRequest.GET("/problem/crash"), HttpStatus.INTERNAL_SERVER_ERROR);
        assertFalse(String.valueOf(problem.get("detail")).contains("secret"));
    }

    @Test
    void anUnreachableDatabaseIs503WithRetryAfter() {
        for (String path : List.of("/problem/pool-timeout", "/problem/connection-refused")) {
            HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                    () -> http.toBlocking().exchange(HttpRequest.GET(path)));
            assertEquals(HttpStatus.SERVICE_UNAVAILABLE, e.getStatus(), path);
            assertEquals("1", e.getResponse().getHeaders().get(HttpHeaders.RETRY_AFTER), path);
            Map<String, Object> problem = e.getResponse().getBody(Argument.mapOf(String.class, Object.class)).orElseThrow();
            assertEquals(503, ((Number) problem.get("status")).intValue());
            assertTrue(String.valueOf(problem.get("detail")).startsWith("The database cannot be reached"), path);
            assertFalse(String.valueOf(problem.get("detail")).contains("HikariPool"), path);
        }
    }

    @Test
    void anSqlErrorThatIsNotAboutTheConnectionStays500() {
        problem(HttpRequest.GET("/problem/syntax-error"), HttpStatus.INTERNAL_SERVER_ERROR);
    }

    private Map<String, Object> problem(HttpRequest<?> request, HttpStatus status) {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(request));
        assertEquals(status, e.getStatus());
        assertEquals("application/problem+json", e.getResponse().getContentType().map(MediaType::toString).orElse(""));
        Map<String, Object> problem = e.getResponse().getBody(Argument.mapOf(String.class, Object.class)).orElseThrow();
        assertEquals(status.getCode(), ((Number) problem.get("status")).intValue());
        return problem;
    }

    enum Colour { RED, GREEN }

    @Serdeable
    record Form(@NotBlank String name, @Min(1) int count) {
    }

    @Requires(property = "spec.name", value = "ProblemJsonTest")
    @Controller("/problem")
    static class ProblemController {

        @Get("/conflict")
        String conflict() {
            throw new HttpStatusException(HttpStatus.CONFLICT, "That name is taken.");
        }

        @Post("/form")
        String form(@Body @Valid Form form) {
            return form.name();
        }

        @Get("/count")
        int count(@io.micronaut.http.annotation.QueryValue int n) {
            return n;
        }

        @Get("/colour")
        Colour colour(@io.micronaut.http.annotation.QueryValue Colour c) {
            return c;
        }

        @Get("/crash")
        String crash() {
            throw new IllegalStateException("secret connection string");
        }

        // what a data layer throws when its pool gives up waiting, or the server refuses the connection
        @Get("/pool-timeout")
        String poolTimeout() {
            throw new IllegalStateException("Failed to obtain a connection",
                    new java.sql.SQLTransientConnectionException("HikariPool-1 - Connection is not available"));
        }

        @Get("/connection-refused")
        String connectionRefused() {
            throw new IllegalStateException("Failed to execute",
                    new java.sql.SQLException("Connection to localhost:5432 refused", "08001"));
        }

        @Get("/syntax-error")
        String syntaxError() {
            throw new IllegalStateException("Failed to execute", new java.sql.SQLException("syntax error", "42601"));
        }
    }
}
