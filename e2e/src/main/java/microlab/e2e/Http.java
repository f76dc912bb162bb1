package microlab.e2e;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The one HTTP client of the programs, bound to a base URL (a gateway, Jaeger, Prometheus): paths go out as written
 * (.., %2e), HTTP/1.1 as curl and browsers speak it (no h2c upgrade offered). Beside it the JSON mapper the programs
 * share, and the one way they wait for something.
 */
public final class Http {

    public static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** No HTTP answer at all (refused, reset, timed out): the system is not there, or stopped answering. */
    public static final class Unreachable extends RuntimeException {
        Unreachable(String message, Exception cause) {
            super(message, cause);
        }
    }

    private final String base;
    private final Duration timeout;
    private final HttpClient client;

    /** Requests to base, each allowed 10 s. */
    public Http(String base) {
        this(base, REQUEST_TIMEOUT);
    }

    /** Requests to base, each allowed timeout. */
    public Http(String base, Duration timeout) {
        this(base, timeout, CLIENT);
    }

    /** Requests to base, each allowed timeout, on a client of their own whose connections are allowed connectTimeout. */
    public Http(String base, Duration timeout, Duration connectTimeout) {
        this(base, timeout, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build());
    }

    private Http(String base, Duration timeout, HttpClient client) {
        this.base = base.replaceAll("/+$", "");
        this.timeout = timeout;
        this.client = client;
    }

    public String base() {
        return base;
    }

    public String host() {
        return URI.create(base).getHost();
    }

    /** headers: name, value, name, value... */
    public HttpResponse<String> get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    /**
     * path after the base; json, when not null, goes as the body with its Content-Type; headers: name, value, name,
     * value... Throws {@link Unreachable} when no HTTP answer comes; any status is an answer.
     */
    public HttpResponse<String> send(String method, String path, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unreachable(method + " " + path + ": no HTTP answer from " + base + " (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted", e);
        }
    }

    /** GET path and read its JSON answer as type; a status other than 200 is a failure. */
    public <T> T getJson(String path, Class<T> type) {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + base + path + " -> " + response.statusCode() + ": " + response.body());
        }
        return read(response.body(), type);
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("not the JSON expected (" + type.getSimpleName() + "): " + json, e);
        }
    }

    /**
     * Asks {@code attempt} every half second until it answers non-null, for at most {@code limit}; then fails with
     * {@code what} and the last answer's failure. A failed attempt (an exception) counts as not yet.
     */
    public static <T> T await(String what, Duration limit, Supplier<T> attempt) {
        long deadline = System.nanoTime() + limit.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                T answer = attempt.get();
                if (answer != null) {
                    return answer;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waited " + limit.toSeconds() + " s for " + what
                        + (last == null ? "" : "; last: " + last.getMessage()), last);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /**
     * Asks url every 20 ms (each request allowed 1 s) until it answers 2xx: a server just started coming up. Before
     * each next try, exited says why waiting is over (null: not over: the process is still alive); after limit,
     * fails with timedOut. Fails with IllegalStateException either way.
     */
    public static void awaitReady(String url, Duration limit, Supplier<String> exited, Supplier<String> timedOut) {
        int slash = url.indexOf('/', "http://".length());
        Http http = new Http(url.substring(0, slash), Duration.ofSeconds(1));
        String path = url.substring(slash);
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                int status = http.get(path).statusCode();
                if (status >= 200 && status < 300) {
                    return;
                }
            } catch (Unreachable notYet) {
                // not listening yet
            }
            String why = exited.get();
            if (why != null) {
                throw new IllegalStateException(why);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(timedOut.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
