package microlab.gateway.docs;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.exceptions.HttpStatusException;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Mono;

import static microlab.problem.ProblemResponses.BAD_GATEWAY;
import static microlab.problem.ProblemResponses.GATEWAY_TIMEOUT;
import static microlab.problem.ProblemResponses.NOT_FOUND;

/** Swagger UI at {@code /docs/} over every service's OpenAPI document, each at {@code /docs/<name>.yml}. */
@Controller("/docs")
public class DocsController {

    /** RFC 9512's media type for YAML. */
    static final String APPLICATION_YAML = "application/yaml";
    private static final String SUFFIX = ".yml";

    private final ApiDocuments documents;
    private final DocsPage page;

    DocsController(ApiDocuments documents, DocsPage page) {
        this.documents = documents;
        this.page = page;
    }

    @Get(produces = MediaType.TEXT_HTML)
    @ApiResponse(responseCode = "200", description = "Swagger UI, listing every service's API document")
    public HttpResponse<String> page() {
        return HttpResponse.ok(page.render(documents.names())).header("Cache-Control", "no-cache");
    }

    @Get(uri = "/{file}", produces = APPLICATION_YAML)
    @ApiResponse(responseCode = "200", description = "the OpenAPI 3 document of one service")
    @ApiResponse(responseCode = "404", ref = NOT_FOUND)
    @ApiResponse(responseCode = "502", ref = BAD_GATEWAY)
    @ApiResponse(responseCode = "504", ref = GATEWAY_TIMEOUT)
    public Mono<HttpResponse<byte[]>> document(String file) {
        if (!file.endsWith(SUFFIX)) {
            return Mono.error(new HttpStatusException(HttpStatus.NOT_FOUND,
                    "The API documents are /docs/<name>.yml; /docs/ lists them."));
        }
        return documents.document(file.substring(0, file.length() - SUFFIX.length()))
                .map(body -> HttpResponse.ok(body).contentType(APPLICATION_YAML).header("Cache-Control", "no-cache"));
    }
}
