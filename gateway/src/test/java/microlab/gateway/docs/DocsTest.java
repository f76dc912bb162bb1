package microlab.gateway.docs;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /docs/}: the page, the gateway's own document, the backends' documents, and what goes wrong. */
@MicronautTest
class DocsTest extends DocsFixture {

    @Test
    void thePageListsEveryDocumentAndTakesSwaggerUiFromTheGatewayItself() {
        HttpResponse<String> page = get("/docs/");

        assertEquals(200, page.statusCode());
        assertEquals("text/html", page.headers().firstValue("Content-Type").orElseThrow());
        Matcher urls = Pattern.compile("url: \"(/docs/[a-z-]+\\.yml)\"").matcher(page.body());
        List<String> listed = urls.results().map(match -> match.group(1)).toList();
        assertEquals(List.of("/docs/gateway.yml", "/docs/consumer-service.yml", "/docs/forecast.yml",
                "/docs/orders-service.yml", "/docs/users-service.yml"), listed);
        Matcher scripts = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.body());
        List<String> assets = scripts.results().map(match -> match.group(1)).toList();
        assertEquals(4, assets.size(), page.body());
        for (String asset : assets) {
            assertTrue(asset.startsWith("/docs/ui/"), asset + " must come from the gateway, not another host");
            assertEquals(200, get(asset).statusCode(), asset);
        }
        assertEquals(get("/docs/").body(), get("/docs").body());
    }

    @Test
    void aBackendsDocumentIsPassedOnAsItsBackendWroteIt() {
        HttpResponse<byte[]> document = send(HttpRequest.newBuilder(uri("/docs/users-service.yml")).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertEquals(200, document.statusCode());
        assertEquals("application/yaml", document.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(new String(USERS_DOCUMENT, StandardCharsets.UTF_8), new String(document.body(), StandardCharsets.UTF_8));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGatewaysOwnDocumentDescribesItsPathsAndTheirProblems() {
        HttpResponse<String> response = get("/docs/gateway.yml");
        assertEquals(200, response.statusCode());
        Map<String, Object> document = new Yaml().load(response.body());

        assertEquals("gateway", ((Map<String, Object>) document.get("info")).get("title"));
        Map<String, Object> paths = (Map<String, Object>) document.get("paths");
        assertEquals(List.of("/", "/docs", "/docs/{file}"), List.copyOf(paths.keySet()));
        Map<String, Object> responses = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                paths.get("/docs/{file}")).get("get")).get("responses");
        assertEquals("#/components/responses/NotFound", ((Map<String, Object>) responses.get("404")).get("$ref"));
        Map<String, Object> components = (Map<String, Object>) document.get("components");
        Map<String, Object> notFound = (Map<String, Object>) ((Map<String, Object>) components.get("responses")).get("NotFound");
        assertTrue(notFound.get("content").toString().contains("application/problem+json"), notFound.toString());
        Map<String, Object> problem = (Map<String, Object>) ((Map<String, Object>) components.get("schemas")).get("Problem");
        assertTrue(((Map<String, Object>) problem.get("properties")).containsKey("traceId"), problem.toString());
    }

    @Test
    void aNameNotListedIsA404ProblemAndNeverReachesABackend() {
        for (String path : List.of("/docs/nope.yml", "/docs/users-service.json", "/docs/users-service")) {
            HttpResponse<String> response = get(path);

            assertEquals(404, response.statusCode(), path);
            assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow(), path);
            assertTrue(json(response.body()).get("detail").toString().contains("/docs/"), response.body());
        }
        assertEquals(0, users.hits("/openapi/users-service.json") + users.hits("/openapi/nope.yml"));
    }

    @Test
    void theBackendsOwnPathForItsDocumentIsNotRouted() {
        int before = users.hits("/openapi/users-service.yml");
        HttpResponse<String> response = get("/openapi/users-service.yml");

        assertEquals(404, response.statusCode());
        assertEquals(before, users.hits("/openapi/users-service.yml"));
    }

    @Test
    void aBackendThatIsDownIsA502AndOneThatDoesNotAnswerA504WithinTheProbeTimeout() {
        HttpResponse<String> down = get("/docs/orders-service.yml");
        assertEquals(502, down.statusCode());
        assertEquals("application/problem+json", down.headers().firstValue("Content-Type").orElseThrow());

        long start = System.nanoTime();
        HttpResponse<String> silent = get("/docs/forecast.yml");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(504, silent.statusCode(), silent.body());
        assertEquals("application/problem+json", silent.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(millis < SLOW_BACKEND_MILLIS / 2, "answered after " + millis + " ms");
        assertTrue(json(silent.body()).get("traceId") != null, silent.body());
    }
}
