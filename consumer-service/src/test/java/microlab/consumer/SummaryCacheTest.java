package microlab.consumer;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The summary as a cache of users-service: one walk per max-age, one walk at a time, failures remembered. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SummaryCacheTest implements TestPropertyProvider {

    private static final int USERS = 250;
    private static final int PAGES = 3;
    private static final long MAX_AGE_MILLIS = 1500;

    private final FakeUsersService upstream = start();

    @Inject
    @Client("/")
    HttpClient http;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("micronaut.http.services.users.url", upstream.url(),
                "consumer.summary-max-age", MAX_AGE_MILLIS + "ms");
    }

    @AfterAll
    void stop() {
        upstream.close();
    }

    @BeforeEach
    void expire() throws InterruptedException {
        upstream.mode = FakeUsersService.Mode.OK;
        Thread.sleep(MAX_AGE_MILLIS + 100);
    }

    @Test
    void aSummaryYoungerThanMaxAgeIsServedWithoutAskingUsersService() {
        int before = upstream.pageRequests;
        Map<String, Object> first = summary();
        Map<String, Object> second = summary();
        assertEquals(PAGES, upstream.pageRequests - before);
        assertEquals(first.get("fetchedAt"), second.get("fetchedAt"));
        assertTrue(((Number) second.get("ageMillis")).longValue() <= MAX_AGE_MILLIS, second::toString);
    }

    @Test
    void manyRequestsAtOnceShareOneWalk() throws Exception {
        upstream.mode = FakeUsersService.Mode.SLOW_LATER_PAGES;
        int before = upstream.pageRequests;
        int clients = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Map<String, Object>>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return summary();
                }));
            }
            start.countDown();
            for (Future<Map<String, Object>> answer : answers) {
                answer.get();
            }
        } finally {
            pool.shutdownNow();
        }
        // SLOW_LATER_PAGES takes 1.5 s a page after the first: the walk overruns the deadline once
        int walked = upstream.pageRequests - before;
        assertTrue(walked >= 1 && walked <= PAGES, "pages asked for by 16 concurrent requests: " + walked);
    }

    // A summary too big to read within one request's deadline (SLOW_LATER_PAGES: 3 s for the walk)
    // is still read once, and served to the requests that come after its walk ended.
    @Test
    void aWalkLongerThanTheDeadlineIsServedOnceItEnds() throws Exception {
        upstream.mode = FakeUsersService.Mode.SLOW_LATER_PAGES;
        long started = System.nanoTime();
        int before = upstream.pageRequests;
        try {
            Map<String, Object> late = summary();
            assertEquals(true, late.get("stale"), late::toString);
        } catch (io.micronaut.http.client.exceptions.HttpClientResponseException e) {
            assertEquals(503, e.getStatus().getCode());
        }
        assertTrue((System.nanoTime() - started) / 1_000_000 < 3_000, "the request waited no longer than the deadline");
        Thread.sleep(1_000);
        Map<String, Object> served = summary();
        assertEquals(false, served.get("stale"), served::toString);
        assertEquals(USERS, ((Number) served.get("total")).intValue());
        assertEquals(PAGES, upstream.pageRequests - before, "one walk, read to its end");
    }

    @Test
    void aChangeShowsOnceMaxAgeHasPassed() throws InterruptedException {
        assertEquals(USERS, ((Number) summary().get("total")).intValue());
        upstream.mode = FakeUsersService.Mode.EMPTY;
        assertEquals(USERS, ((Number) summary().get("total")).intValue(), "still within max-age");
        Thread.sleep(MAX_AGE_MILLIS + 100);
        assertEquals(0, ((Number) summary().get("total")).intValue());
    }

    @Test
    void aFailedWalkIsRememberedForMaxAge() {
        summary();
        try {
            Thread.sleep(MAX_AGE_MILLIS + 100);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        upstream.mode = FakeUsersService.Mode.FAILING;
        Map<String, Object> stale = summary();
        assertEquals(true, stale.get("stale"));
        int before = upstream.pageRequests;
        for (int i = 0; i < 5; i++) {
            assertEquals(true, summary().get("stale"));
        }
        assertEquals(before, upstream.pageRequests, "a failing users-service is left alone for max-age");
    }

    private Map<String, Object> summary() {
        return http.toBlocking().retrieve(HttpRequest.GET("/summary"), Argument.mapOf(String.class, Object.class));
    }

    private static FakeUsersService start() {
        try {
            return new FakeUsersService(USERS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
