package microlab.users.visits;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

@MicronautTest(transactional = false)
class VisitsTest {

    @Inject
    @Client("/")
    HttpClient http;

    @Test
    void eachVisitRaisesBothCountersByOne() {
        Visits first = visit();
        Visits second = visit();
        assertNotNull(first.redis());
        assertEquals(first.redis() + 1, second.redis());
        assertEquals(first.postgres() + 1, second.postgres());
    }

    @Test
    void concurrentVisitsLoseNoUpdate() throws Exception {
        Visits before = visit();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<CompletableFuture<Visits>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                calls.add(CompletableFuture.supplyAsync(this::visit, pool));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get();
        } finally {
            pool.shutdown();
        }
        Visits after = visit();
        assertEquals(before.redis() + 201, after.redis());
        assertEquals(before.postgres() + 201, after.postgres());
    }

    private Visits visit() {
        return http.toBlocking().retrieve("/visits", Visits.class);
    }
}
