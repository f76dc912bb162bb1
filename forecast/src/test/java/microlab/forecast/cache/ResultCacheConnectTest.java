package microlab.forecast.cache;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Redis that accepts connections and never answers must not make requests wait for each other. */
class ResultCacheConnectTest {

    @Test
    void whileOneRequestIsConnectingToASilentRedisTheOthersGoWithoutTheCache() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CountDownLatch accepted = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread server = new Thread(() -> {
                try (Socket socket = silent.accept()) {
                    accepted.countDown();
                    release.await(30, TimeUnit.SECONDS);
                } catch (IOException | InterruptedException e) {
                    accepted.countDown();
                }
            });
            server.setDaemon(true);
            server.start();
            ResultCache cache = new ResultCache("redis://127.0.0.1:" + silent.getLocalPort(), Duration.ofMinutes(1));
            try {
                CompletableFuture<Optional<String>> first = CompletableFuture.supplyAsync(() -> cache.get("forecast:first"));
                assertTrue(accepted.await(10, TimeUnit.SECONDS), "the first request reached the silent Redis");

                Optional<String> second = cache.get("forecast:second");

                assertEquals(Optional.empty(), second);
                assertFalse(first.isDone(), "the second request came back while the first was still connecting");
                release.countDown();
                assertEquals(Optional.empty(), first.get(10, TimeUnit.SECONDS));
            } finally {
                release.countDown();
                cache.close();
                server.join(5_000);
            }
        }
    }
}
