package microlab.gateway.access;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PathGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "/", "/users", "/users/1", "/users/caf%C3%A9", "/users/a%20b", "/users/x+y", "/users/v1.2",
            "/users/...", "/users/.hidden", "/users//double", "/forecast/chart.html"})
    void ordinaryPathsPass(String rawPath) {
        assertTrue(PathGuard.problem(rawPath).isEmpty(), rawPath);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "users", "/users/..", "/users/.", "/users/../health", "/users/./x", "/users/..;jsessionid=1/x",
            "/users/%2e%2e/health", "/users/%2E./x", "/users%2fhealth", "/users%2Fhealth", "/users%5chealth",
            "/users\\health", "/users/%252e%252e/health", "/users/%00", "/users/%0a", "/users/%7F", "/users/%",
            "/users/%4", "/users/%g0"})
    void pathsThatCouldEscapeTheirPrefixAreRefused(String rawPath) {
        assertFalse(PathGuard.problem(rawPath).isEmpty(), rawPath);
    }
}
