package microlab.redis;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Against the real Redis on localhost (database 1), reached through a TCP relay this test can cut and
 * restore: an outage, as the service sees it, without stopping anyone's Redis.
 */
class OptionalRedisTest {

    private Relay relay;
    private ApplicationContext context;

    @AfterEach
    void close() throws IOException {
        if (context != null) {
            context.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void commandsWorkOnceConnected() throws Exception {
        OptionalRedis redis = start("redis://127.0.0.1:6379/1");
        assertTrue(redis.answers());
        assertEquals(Optional.of("OK"), redis.call(c -> c.setex("optional-redis:test", 10, "v")));
        assertEquals(Optional.of("v"), redis.call(c -> c.get("optional-redis:test")));
    }

    @Test
    void aRedisThatIsNotThereIsSeenAtOnce() {
        OptionalRedis redis = start("redis://127.0.0.1:1/1");
        for (int i = 0; i < 20; i++) {
            assertEquals(Optional.empty(), redis.call(c -> c.get("anything")));
        }
        assertFalse(redis.answers());
        assertTrue(redis.asyncCommands().isEmpty());
    }

    // A Redis that accepts connections and never answers: the connect hangs, requests must not.
    @Test
    void aSilentRedisHoldsNoRequestForLong() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread server = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            server.setDaemon(true);
            server.start();
            OptionalRedis redis = start("redis://127.0.0.1:" + silent.getLocalPort() + "/1");
            for (int i = 0; i < 10; i++) {
                long started = System.nanoTime();
                assertEquals(Optional.empty(), redis.call(c -> c.get("anything")));
                long millis = (System.nanoTime() - started) / 1_000_000;
                // not a speed target: Lettuce's own default would hold each request for 60 s
                assertTrue(millis < 3_000, "request " + i + " waited " + millis + " ms");
            }
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void anOutageDegradesAndTheConnectionComesBackWithinSeconds() throws Exception {
        relay = new Relay(6379);
        OptionalRedis redis = start("redis://127.0.0.1:" + relay.port() + "/1");
        assertTrue(redis.answers());

        relay.cut();
        for (int i = 0; i < 20; i++) {
            // rejected at once while disconnected: nothing waits for a command timeout
            assertEquals(Optional.empty(), redis.call(c -> c.get("anything")));
        }

        relay.restore();
        long deadline = System.nanoTime() + 5_000_000_000L;
        boolean back = false;
        while (!back && System.nanoTime() < deadline) {
            back = redis.answers();
            Thread.sleep(100);
        }
        assertTrue(back, "Redis answers again within 5 s of its return");
    }

    private OptionalRedis start(String uri) {
        context = ApplicationContext.run(Map.of("redis.uri", uri, "redis.timeout", "500ms", "redis.health.enabled", "false"));
        return context.getBean(OptionalRedis.class);
    }

    /** Forwards a local port to Redis; cut() closes the listener and every connection, restore() listens again. */
    static final class Relay implements AutoCloseable {

        private final int target;
        private final int port;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private volatile ServerSocket listener;

        Relay(int target) throws IOException {
            this.target = target;
            ServerSocket first = belowEphemeralRange();
            this.port = first.getLocalPort();
            listen(first);
        }

        /**
         * A port outside the kernel's ephemeral range (32768 and up by default): while the relay is cut, the client's
         * reconnects to a port in that range can be given that very port as their own and connect to themselves
         * (TCP's simultaneous open), and then restore() finds it taken (seen once in CI: BindException).
         */
        private static ServerSocket belowEphemeralRange() throws IOException {
            int start = 20_000 + new java.util.Random().nextInt(10_000);
            for (int i = 0; i < 10_000; i++) {
                ServerSocket server = new ServerSocket();
                server.setReuseAddress(true);
                try {
                    server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 20_000 + (start - 20_000 + i) % 10_000), 50);
                    return server;
                } catch (IOException taken) {
                    server.close();
                }
            }
            throw new IOException("no free port in 20000-29999");
        }

        int port() {
            return port;
        }

        void cut() throws IOException {
            listener.close();
            for (Socket socket : sockets) {
                socket.close();
            }
            sockets.clear();
        }

        void restore() throws IOException {
            ServerSocket again = new ServerSocket();
            again.setReuseAddress(true);
            again.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listen(again);
        }

        private void listen(ServerSocket server) {
            listener = server;
            Thread accept = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                        sockets.add(client);
                        sockets.add(upstream);
                        pump(client, upstream);
                        pump(upstream, client);
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "relay-accept");
            accept.setDaemon(true);
            accept.start();
        }

        private static void pump(Socket from, Socket to) {
            Thread thread = new Thread(() -> {
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException closed) {
                    // the relay was cut or a side hung up
                } finally {
                    try {
                        from.close();
                        to.close();
                    } catch (IOException ignored) {
                        // already closed
                    }
                }
            }, "relay-pump");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            cut();
        }
    }
}
