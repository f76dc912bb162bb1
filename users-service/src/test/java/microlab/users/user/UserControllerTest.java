package microlab.users.user;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import microlab.redis.OptionalRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(transactional = false)
class UserControllerTest {

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    OptionalRedis redis;

    @Inject
    UserRepository repository;

    @Test
    void seededUsersIncludeActiveAndInactiveOnes() {
        UserPage active = http.toBlocking().retrieve("/users?active=true&size=100", UserPage.class);
        UserPage inactive = http.toBlocking().retrieve("/users?active=false&size=100", UserPage.class);
        assertTrue(active.content().stream().allMatch(User::active));
        assertTrue(inactive.content().stream().noneMatch(User::active));
        assertTrue(active.totalElements() + inactive.totalElements() >= 6);
        assertTrue(active.content().stream().anyMatch(user -> user.email().equals("ada@example.org")));
        assertTrue(inactive.content().stream().anyMatch(user -> user.email().equals("edsger@example.org")));
    }

    @Test
    void activeFilterMustBeTrueOrFalse() {
        assertProblem(HttpStatus.BAD_REQUEST, () -> http.toBlocking().exchange("/users?active=maybe"));
    }

    @Test
    void activeFlagInABodyMustBeAJsonBoolean() {
        long before = repository.count();
        assertProblem(HttpStatus.BAD_REQUEST, () -> post(Map.of("name", "Yes Man", "email", unique(), "active", "yes")));
        assertEquals(before, repository.count());
        User inactive = http.toBlocking().retrieve(HttpRequest.POST("/users",
                Map.of("name", "No Man", "email", unique(), "active", false)), User.class);
        assertFalse(inactive.active());
    }

    @Test
    void pagePastTheLastStillListsItsEmptyContent() {
        Map<?, ?> page = http.toBlocking().retrieve("/users?page=100000&size=100", Map.class);
        assertEquals(java.util.List.of(), page.get("content"));
    }

    @Test
    void controlCharactersAreRejected() {
        long before = repository.count();
        assertProblem(HttpStatus.BAD_REQUEST, () -> post(Map.of("name", "Nul\u0000Byte", "email", unique())));
        assertProblem(HttpStatus.BAD_REQUEST, () -> post(Map.of("name", "Ok", "email", "nul\u0000" + unique())));
        assertEquals(before, repository.count());
    }

    @Test
    void pageSizeIsCappedAtOneHundred() {
        UserPage page = http.toBlocking().retrieve("/users?size=500", UserPage.class);
        assertEquals(100, page.size());
    }

    @Test
    void pagesDoNotOverlap() {
        UserPage first = http.toBlocking().retrieve("/users?page=0&size=2", UserPage.class);
        UserPage second = http.toBlocking().retrieve("/users?page=1&size=2", UserPage.class);
        assertEquals(2, first.content().size());
        assertTrue(second.content().get(0).id() > first.content().get(1).id());
    }

    @Test
    void negativePageIsRejected() {
        assertProblem(HttpStatus.BAD_REQUEST, () -> http.toBlocking().exchange("/users?page=-1"));
    }

    @Test
    void createdUserIsReturnedWithLocation() {
        String email = unique();
        HttpResponse<User> response = http.toBlocking().exchange(
                HttpRequest.POST("/users", Map.of("name", "New Person", "email", email)), User.class);
        assertEquals(HttpStatus.CREATED, response.getStatus());
        User created = response.body();
        assertNotNull(created.id());
        assertNotNull(created.createdAt());
        assertTrue(created.active());
        assertEquals("/users/" + created.id(), response.header("Location"));
        assertEquals(created, http.toBlocking().retrieve("/users/" + created.id(), User.class));
    }

    @Test
    void duplicateEmailIsAConflictWhateverItsCase() {
        String email = unique();
        http.toBlocking().exchange(HttpRequest.POST("/users", Map.of("name", "First", "email", email)));
        long before = repository.count();
        assertProblem(HttpStatus.CONFLICT, () -> http.toBlocking().exchange(
                HttpRequest.POST("/users", Map.of("name", "Second", "email", email.toUpperCase()))));
        assertEquals(before, repository.count());
    }

    @Test
    void invalidUsersAreRejectedAndNotStored() {
        long before = repository.count();
        assertProblem(HttpStatus.BAD_REQUEST, () -> post(Map.of("name", "", "email", unique())));
        assertProblem(HttpStatus.BAD_REQUEST, () -> post(Map.of("name", "x".repeat(101), "email", unique())));
        assertProblem(HttpStatus.BAD_REQUEST, () -> post(Map.of("name", "No Email")));
        assertProblem(HttpStatus.BAD_REQUEST, () -> post(Map.of("name", "Bad", "email", "not-an-email")));
        assertProblem(HttpStatus.BAD_REQUEST, () -> post(Map.of("name", "Bad", "email", "a@b")));
        assertProblem(HttpStatus.BAD_REQUEST, () -> http.toBlocking().exchange(
                HttpRequest.POST("/users", "{\"name\": ").contentType(MediaType.APPLICATION_JSON_TYPE)));
        assertEquals(before, repository.count());
    }

    @Test
    void aNameMustBeAJsonStringOfWellFormedText() {
        long before = repository.count();
        for (String name : List.of("123", "true", "[\"a\"]", "{}", "\"\\uD800\"", "\"a\\uDC00\"")) {
            String body = "{\"name\": " + name + ", \"email\": \"" + unique() + "\"}";
            assertProblem(HttpStatus.BAD_REQUEST, () -> http.toBlocking().exchange(
                    HttpRequest.POST("/users", body).contentType(MediaType.APPLICATION_JSON_TYPE)));
        }
        String twice = "{\"name\": \"A\", \"name\": \"B\", \"email\": \"" + unique() + "\"}";
        assertProblem(HttpStatus.BAD_REQUEST, () -> http.toBlocking().exchange(
                HttpRequest.POST("/users", twice).contentType(MediaType.APPLICATION_JSON_TYPE)));
        assertEquals(before, repository.count());
    }

    @Test
    void aBodyWithoutJsonContentTypeIs415() {
        long before = repository.count();
        String body = "{\"name\": \"A\", \"email\": \"" + unique() + "\"}";
        assertProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, () -> http.toBlocking().exchange(
                HttpRequest.POST("/users", body).contentType(MediaType.TEXT_PLAIN_TYPE)));
        assertProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, () -> http.toBlocking().exchange(
                HttpRequest.PUT("/users/1", body).contentType("bogus")));
        assertEquals(before, repository.count());
    }

    @Test
    void nameOfOneHundredCharactersIsAccepted() {
        HttpResponse<User> response = http.toBlocking().exchange(
                HttpRequest.POST("/users", Map.of("name", "x".repeat(100), "email", unique())), User.class);
        assertEquals(HttpStatus.CREATED, response.getStatus());
    }

    @Test
    void missingUserIsNotFound() {
        assertProblem(HttpStatus.NOT_FOUND, () -> http.toBlocking().exchange("/users/987654321"));
    }

    @Test
    void readUserIsCachedAndUpdateEvictsIt() {
        User user = create("Cached Person");
        http.toBlocking().retrieve("/users/" + user.id(), User.class);
        String cached = redis.commands().orElseThrow().get("users:" + user.id());
        assertNotNull(cached);
        assertTrue(cached.contains("Cached Person"));
        // reads come from the cache: a value planted there is what GET returns
        redis.commands().orElseThrow().setex("users:" + user.id(), 60, cached.replace("Cached Person", "Planted Person"));
        assertEquals("Planted Person", http.toBlocking().retrieve("/users/" + user.id(), User.class).name());

        User updated = http.toBlocking().retrieve(HttpRequest.PUT("/users/" + user.id(),
                Map.of("name", "Renamed Person", "email", user.email(), "active", false)), User.class);
        assertEquals("Renamed Person", updated.name());
        assertFalse(updated.active());
        assertEquals(user.createdAt(), updated.createdAt());
        assertEquals(null, redis.commands().orElseThrow().get("users:" + user.id()));
        assertEquals(updated, http.toBlocking().retrieve("/users/" + user.id(), User.class));
    }

    @Test
    void updateToAnotherUsersEmailIsAConflict() {
        User first = create("One");
        User second = create("Two");
        assertProblem(HttpStatus.CONFLICT, () -> http.toBlocking().exchange(HttpRequest.PUT("/users/" + second.id(),
                Map.of("name", "Two", "email", first.email()))));
        assertEquals(second.email(), repository.findById(second.id()).orElseThrow().email());
    }

    @Test
    void updateOfMissingUserIsNotFound() {
        assertProblem(HttpStatus.NOT_FOUND, () -> http.toBlocking().exchange(HttpRequest.PUT("/users/987654321",
                Map.of("name", "Nobody", "email", unique()))));
    }

    @Test
    void deletedUserIsGoneFromDatabaseAndCache() {
        User user = create("Short Lived");
        http.toBlocking().retrieve("/users/" + user.id(), User.class);
        HttpResponse<?> response = http.toBlocking().exchange(HttpRequest.DELETE("/users/" + user.id()));
        assertEquals(HttpStatus.NO_CONTENT, response.getStatus());
        assertEquals(null, redis.commands().orElseThrow().get("users:" + user.id()));
        assertFalse(repository.existsById(user.id()));
        assertProblem(HttpStatus.NOT_FOUND, () -> http.toBlocking().exchange(HttpRequest.DELETE("/users/" + user.id())));
    }

    private User create(String name) {
        return http.toBlocking().retrieve(HttpRequest.POST("/users", Map.of("name", name, "email", unique())), User.class);
    }

    private void post(Map<String, ?> body) {
        http.toBlocking().exchange(HttpRequest.POST("/users", body));
    }

    private static String unique() {
        return "u-" + UUID.randomUUID() + "@example.org";
    }

    static void assertProblem(HttpStatus status, Executable call) {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class, call);
        assertEquals(status, e.getStatus());
        assertEquals("application/problem+json", e.getResponse().getContentType().orElseThrow().toString());
        Map<?, ?> problem = e.getResponse().getBody(Argument.mapOf(String.class, Object.class)).orElseThrow();
        assertEquals(status.getCode(), ((Number) problem.get("status")).intValue());
        assertNotNull(problem.get("detail"));
    }
}
