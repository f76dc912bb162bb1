package microlab.users.user;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The cache never keeps a user older than the database after a change; racing writes count once. */
@MicronautTest(transactional = false)
class UserCacheRaceTest {

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    UserService users;

    @Inject
    UserCache cache;

    @Inject
    UserRepository repository;

    // The race played out step by step: read misses, the reader gets the old row, the update commits
    // and evicts, and only then does the reader try to cache what it read.
    @Test
    void aFillThatReadTheRowBeforeAnUpdateIsDropped() {
        String email = unique();
        User user = users.create(new UserForm("Before", email, true));
        UserCache.Lookup lookup = cache.lookup(user.id());
        User old = repository.findById(user.id()).orElseThrow();

        users.replace(user.id(), new UserForm("After", email, true));
        cache.fill(old, lookup);

        assertEquals("After", users.find(user.id()).orElseThrow().name());
        assertEquals("After", cache.lookup(user.id()).hit().map(User::name).orElse("After"));
    }

    @Test
    void aFillWithNothingInBetweenIsKept() {
        User user = users.create(new UserForm("Kept", unique(), true));
        UserCache.Lookup lookup = cache.lookup(user.id());
        cache.fill(repository.findById(user.id()).orElseThrow(), lookup);
        assertEquals("Kept", cache.lookup(user.id()).hit().orElseThrow().name());
    }

    // The finding as it was seen: 5 PUTs and 15 GETs at once, 20 times; afterwards a GET (from the
    // cache, when it holds the user) must say what the database says.
    @Test
    void concurrentUpdatesAndReadsLeaveTheCacheAgreeingWithTheDatabase() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            for (int trial = 0; trial < 20; trial++) {
                String email = unique();
                long id = users.create(new UserForm("Name 0", email, true)).id();
                CountDownLatch start = new CountDownLatch(1);
                List<Callable<Object>> calls = new ArrayList<>();
                for (int i = 1; i <= 5; i++) {
                    String name = "Name " + i;
                    calls.add(() -> {
                        start.await();
                        return http.toBlocking().exchange(HttpRequest.PUT("/users/" + id, Map.of("name", name, "email", email)));
                    });
                }
                for (int i = 0; i < 15; i++) {
                    calls.add(() -> {
                        start.await();
                        return http.toBlocking().retrieve("/users/" + id);
                    });
                }
                List<Future<Object>> results = new ArrayList<>();
                for (Callable<Object> call : calls) {
                    results.add(pool.submit(call));
                }
                start.countDown();
                for (Future<Object> result : results) {
                    result.get();
                }
                String stored = repository.findById(id).orElseThrow().name();
                User served = http.toBlocking().retrieve("/users/" + id, User.class);
                assertEquals(stored, served.name(), "trial " + trial);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twentyConcurrentDeletesOfOneUserGiveOne204() throws Exception {
        long id = users.create(new UserForm("Deleted once", unique(), true)).id();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                statuses.add(pool.submit(() -> {
                    start.await();
                    try {
                        HttpResponse<?> response = http.toBlocking().exchange(HttpRequest.DELETE("/users/" + id));
                        return response.code();
                    } catch (HttpClientResponseException e) {
                        return e.code();
                    }
                }));
            }
            start.countDown();
            int deleted = 0;
            int missing = 0;
            for (Future<Integer> status : statuses) {
                int code = status.get();
                if (code == HttpStatus.NO_CONTENT.getCode()) {
                    deleted++;
                } else if (code == HttpStatus.NOT_FOUND.getCode()) {
                    missing++;
                }
            }
            assertEquals(1, deleted);
            assertEquals(19, missing);
        } finally {
            pool.shutdownNow();
        }
    }

    // Every request passes the existence check before any commits: the unique index, recognised by its
    // SQLState, decides, and the losers get the same 409 as a plain duplicate.
    @Test
    void twentyConcurrentCreatesWithOneEmailGiveOne201() throws Exception {
        String email = unique();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String name = "Racer " + i;
                statuses.add(pool.submit(() -> {
                    start.await();
                    try {
                        return http.toBlocking().exchange(HttpRequest.POST("/users", Map.of("name", name, "email", email))).code();
                    } catch (HttpClientResponseException e) {
                        return e.code();
                    }
                }));
            }
            start.countDown();
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                codes.add(status.get());
            }
            assertEquals(1, codes.stream().filter(c -> c == 201).count(), codes::toString);
            assertEquals(19, codes.stream().filter(c -> c == 409).count(), codes::toString);
        } finally {
            pool.shutdownNow();
        }
    }

    private static String unique() {
        return "race-" + UUID.randomUUID() + "@example.org";
    }
}
