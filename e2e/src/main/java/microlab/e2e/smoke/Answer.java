package microlab.e2e.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import microlab.e2e.Http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * One answer of the gateway and the expectations the smoke has of it; each expectation that does not hold throws
 * {@link Failed} saying what was expected and what came back.
 */
record Answer(String request, int status, HttpHeaders headers, String body, JsonNode json) {

    /** A check that did not hold: its message says what was expected; the answer is shown beneath it. */
    static final class Failed extends RuntimeException {
        final Answer answer;

        Failed(String message, Answer answer) {
            super(message);
            this.answer = answer;
        }
    }

    /** request: what was asked, as failures name it (GET /users); a JSON body that does not parse is missing. */
    static Answer of(String request, HttpResponse<String> response) {
        String type = response.headers().firstValue("content-type").orElse("");
        JsonNode body = type.contains("json") && !response.body().isBlank() ? parse(response.body()) : MissingNode.getInstance();
        return new Answer(request, response.statusCode(), response.headers(), response.body(), body);
    }

    private static JsonNode parse(String body) {
        try {
            return Http.JSON.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    String contentType() {
        return header("content-type");
    }

    String header(String name) {
        return headers.firstValue(name).orElse("");
    }

    Answer fail(String expected) {
        throw new Failed(request + ": " + expected, this);
    }

    /** statuses: the ones allowed, e.g. 200 or 400, 404. */
    Answer expectStatus(int... statuses) {
        for (int allowed : statuses) {
            if (status == allowed) {
                return this;
            }
        }
        return fail("expected HTTP " + join(statuses) + ", got " + status);
    }

    Answer expectType(String type) {
        if (!contentType().startsWith(type)) {
            fail("expected Content-Type " + type + ", got '" + (contentType().isEmpty() ? "none" : contentType()) + "'");
        }
        return this;
    }

    Answer expectJson(int status) {
        return expectStatus(status).expectType("application/json");
    }

    /** A problem+json error whose status member agrees with the HTTP status. */
    Answer expectProblem(int status) {
        expectStatus(status).expectType("application/problem+json");
        if (json.path("status").asInt(-1) != status) {
            fail("expected a problem body with \"status\": " + status + ", got \"status\": " + json.path("status"));
        }
        return this;
    }

    /** The node at a path of dot-separated names and indexes (items.0.sku); a missing one is a failure. */
    JsonNode at(String path) {
        JsonNode node = json;
        for (String step : path.split("\\.")) {
            node = step.matches("\\d+") ? node.path(Integer.parseInt(step)) : node.path(step);
        }
        if (node instanceof MissingNode || node.isNull()) {
            fail("expected a field '" + path + "' in the response, found none");
        }
        return node;
    }

    String text(String path) {
        return at(path).asText();
    }

    long number(String path) {
        JsonNode node = at(path);
        if (!node.canConvertToExactIntegral() || node.asLong() < 0) {
            fail("expected " + path + " to be a whole number, got '" + node + "'");
        }
        return node.asLong();
    }

    Answer expectField(String path, String expected) {
        if (!text(path).equals(expected)) {
            fail("expected " + path + " = " + expected + ", got " + path + " = " + text(path));
        }
        return this;
    }

    /** Every element's field across an array (content, id): one text each. */
    List<String> all(String array, String field) {
        List<String> values = new ArrayList<>();
        at(array).forEach(element -> values.add(element.path(field).asText()));
        return values;
    }

    /** The path of the Location header, absolute or not, to be asked again through the gateway. */
    String locationPath() {
        String location = header("location");
        if (location.isEmpty()) {
            fail("expected a Location header, found none");
        }
        URI uri = URI.create(location);
        return uri.isAbsolute() ? uri.getRawPath() : location;
    }

    private static String join(int[] statuses) {
        StringBuilder out = new StringBuilder();
        for (int s : statuses) {
            out.append(out.isEmpty() ? "" : " or ").append(s);
        }
        return out.toString();
    }
}
