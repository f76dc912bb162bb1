package microlab.gateway.docs;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import io.micronaut.http.exceptions.HttpStatusException;
import jakarta.inject.Singleton;
import microlab.gateway.route.RouteTable;
import microlab.problem.ProblemException;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The OpenAPI documents Swagger UI lists: the gateway's own, from its jar, and each backend's, asked of the
 * backend when a browser asks for it (so a document is always the one of the running build). A backend that
 * cannot give its document is a 502, or a 504 past {@code gateway.probe-timeout}.
 */
@Singleton
public class ApiDocuments {

    public static final String OWN = "gateway";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    private final Map<String, URI> backends = new LinkedHashMap<>();
    private final byte[] own;
    private final HttpClient client;
    private final Duration timeout;

    public ApiDocuments(List<DocsProperties> docs, RouteTable routes, ResourceResolver resources, HttpClient client,
                        @Value("${gateway.probe-timeout:2s}") Duration timeout) {
        Map<String, URI> services = routes.backends();
        docs.stream().sorted(Comparator.comparing(DocsProperties::getName)).forEach(entry -> {
            URI baseUrl = services.get(entry.getService());
            if (!NAME.matcher(entry.getName()).matches() || baseUrl == null) {
                throw new ConfigurationException("gateway.docs." + entry.getName()
                        + " needs a lower-case name and a service of the route table, got: " + entry.getService());
            }
            backends.put(entry.getName(), baseUrl);
        });
        try (InputStream in = resources.getResourceAsStream("classpath:META-INF/swagger/" + OWN + ".yml").orElseThrow()) {
            this.own = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.client = client;
        this.timeout = timeout;
    }

    /** Every document's name, the gateway's first. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(OWN);
        names.addAll(backends.keySet());
        return names;
    }

    /** The document {@code name}, or a 404 for a name not listed. */
    public Mono<byte[]> document(String name) {
        if (OWN.equals(name)) {
            return Mono.just(own);
        }
        URI baseUrl = backends.get(name);
        if (baseUrl == null) {
            return Mono.error(new HttpStatusException(HttpStatus.NOT_FOUND,
                    "There is no API document " + name + ".yml; /docs/ lists them: " + String.join(", ", names()) + "."));
        }
        return Mono.from(client.retrieve(HttpRequest.GET(baseUrl + "/openapi/" + name + ".yml"), byte[].class))
                .timeout(timeout)
                .onErrorMap(failure -> upstream(name, failure));
    }

    private Throwable upstream(String name, Throwable failure) {
        if (failure instanceof TimeoutException || failure instanceof ReadTimeoutException) {
            return new ProblemException(HttpStatus.GATEWAY_TIMEOUT,
                    name + " did not give its API document within " + timeout.toMillis() + " ms.");
        }
        if (failure instanceof HttpClientResponseException response) {
            return new ProblemException(HttpStatus.BAD_GATEWAY,
                    name + " answered " + response.code() + " for its API document.");
        }
        return new ProblemException(HttpStatus.BAD_GATEWAY, name + " is unreachable, so its API document is too.");
    }
}
