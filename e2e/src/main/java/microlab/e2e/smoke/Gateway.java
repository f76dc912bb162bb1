package microlab.e2e.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import microlab.e2e.Http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The system under test, reached only through its gateway at a base URL; paths go out as written (.., %2e). */
final class Gateway {

    /** No HTTP answer at all: the system is not there, or stopped answering. */
    static final class Unreachable extends RuntimeException {
        Unreachable(String message) {
            super(message);
        }
    }

    private final String base;
    private final Duration timeout;
    private final HttpClient client;

    Gateway(String base, Duration timeout) {
        this.base = base.replaceAll("/+$", "");
        this.timeout = timeout;
        // HTTP/1.1 as curl and browsers speak it to the gateway (no h2c upgrade offered)
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    String base() {
        return base;
    }

    String host() {
        return URI.create(base).getHost();
    }

    Answer get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    Answer post(String path, String json, String... headers) {
        return send("POST", path, json, headers);
    }

    Answer delete(String path) {
        return send("DELETE", path, null);
    }

    /** headers: name, value, name, value... */
    Answer send(String method, String path, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        String described = method + " " + path;
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("content-type").orElse("");
            JsonNode body = type.contains("json") && !response.body().isBlank() ? parse(response.body()) : MissingNode.getInstance();
            return new Answer(described, response.statusCode(), response.headers(), response.body(), body);
        } catch (IOException e) {
            throw new Unreachable(described + ": no HTTP answer from " + base + " (" + e + "); is the system running (bin/up, compose or kind)?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted");
        }
    }

    private static JsonNode parse(String body) {
        try {
            return Http.JSON.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }
}
