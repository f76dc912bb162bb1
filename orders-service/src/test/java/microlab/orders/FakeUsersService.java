package microlab.orders;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server that answers like users-service: user {@link #ACTIVE_USER} and
 * {@link #OTHER_ACTIVE_USER} are active, {@link #INACTIVE_USER} is not, {@link #SLOW_USER} gets an
 * answer only after far longer than orders-service waits, {@link #BROKEN_USER} gets a 500, and every
 * other id a problem+json 404.
 */
public final class FakeUsersService implements AutoCloseable {

    public static final long ACTIVE_USER = 1;
    public static final long OTHER_ACTIVE_USER = 2;
    public static final long INACTIVE_USER = 3;
    public static final long SLOW_USER = 50;
    public static final long BROKEN_USER = 60;

    private static FakeUsersService shared;

    private final HttpServer server;
    private final ExecutorService executor;
    private final CountDownLatch released = new CountDownLatch(1);

    private FakeUsersService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-users-service");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/users/", this::user);
        server.start();
    }

    /** One server for the whole test run, shared by every test context. */
    public static synchronized FakeUsersService shared() {
        if (shared == null) {
            try {
                shared = new FakeUsersService();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the fake users-service", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void user(HttpExchange exchange) throws IOException {
        String id = exchange.getRequestURI().getPath().substring("/users/".length());
        switch (id) {
            case "1", "2" -> send(exchange, 200, "application/json", user(id, true));
            case "3" -> send(exchange, 200, "application/json", user(id, false));
            case "50" -> {
                awaitRelease();
                send(exchange, 200, "application/json", user(id, true));
            }
            case "60" -> send(exchange, 500, "application/problem+json",
                    "{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500}");
            default -> send(exchange, 404, "application/problem+json",
                    "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"User " + id + " does not exist.\"}");
        }
    }

    private static String user(String id, boolean active) {
        return "{\"id\":" + id + ",\"name\":\"User " + id + "\",\"email\":\"user" + id + "@example.com\",\"active\":" + active
                + ",\"createdAt\":\"2026-01-01T00:00:00Z\"}";
    }

    private void awaitRelease() {
        try {
            released.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
