package microlab.consumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/** A stand-in for users-service over real HTTP: n users, every third inactive, paged like the real one. */
final class FakeUsersService implements AutoCloseable {

    enum Mode {
        OK,
        /** every page takes 10 s */
        SLOW,
        /** the first page is quick, every later one takes 1.5 s: each within the read timeout, together too slow */
        SLOW_LATER_PAGES,
        FAILING,
        /** no users: a page without content, as users-service may send it */
        EMPTY
    }

    private final HttpServer server;
    private final int users;
    volatile Mode mode = Mode.OK;
    volatile int pageRequests;

    FakeUsersService(int users) throws IOException {
        this.users = users;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/users", this::page);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void page(HttpExchange exchange) throws IOException {
        pageRequests++;
        Map<String, String> query = query(exchange.getRequestURI());
        int page = Integer.parseInt(query.get("page"));
        int size = Integer.parseInt(query.get("size"));
        if (mode == Mode.SLOW) {
            pause(10_000);
        }
        if (mode == Mode.SLOW_LATER_PAGES && page > 0) {
            pause(1_500);
        }
        if (mode == Mode.EMPTY) {
            send(exchange, 200, String.format("{\"page\":%d,\"size\":%d,\"totalElements\":0,\"totalPages\":0}", page, size));
            return;
        }
        if (mode == Mode.FAILING) {
            send(exchange, 500, "{\"status\":500}");
            return;
        }
        StringBuilder content = new StringBuilder();
        for (int id = page * size + 1; id <= Math.min(users, (page + 1) * size); id++) {
            if (content.length() > 0) {
                content.append(',');
            }
            content.append(String.format("{\"id\":%d,\"name\":\"User %d\",\"email\":\"u%d@example.org\",\"active\":%s,"
                    + "\"createdAt\":\"2026-01-01T00:00:00Z\"}", id, id, id, id % 3 != 0));
        }
        int pages = (users + size - 1) / size;
        send(exchange, 200, String.format("{\"content\":[%s],\"page\":%d,\"size\":%d,\"totalElements\":%d,\"totalPages\":%d}",
                content, page, size, users, pages));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new HashMap<>();
        for (String pair : uri.getQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            values.put(parts[0], parts[1]);
        }
        return values;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
