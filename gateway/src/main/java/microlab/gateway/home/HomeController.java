package microlab.gateway.home;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import microlab.gateway.route.RouteTable;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** {@code /}: HTML when the caller accepts text/html (a browser), JSON for everyone else (curl, scripts). */
@Controller
public class HomeController {

    private final RouteTable routes;
    private final BackendProbe probe;

    public HomeController(RouteTable routes, BackendProbe probe) {
        this.routes = routes;
        this.probe = probe;
    }

    @Get(uri = "/", produces = {MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    public Mono<HttpResponse<?>> home(HttpRequest<?> request) {
        List<RouteView> table = routes.routes().stream()
                .map(route -> new RouteView(route.prefix(), route.service(), route.baseUrl().toString(),
                        route.timeout().toMillis()))
                .toList();
        boolean browser = prefersHtml(request.getHeaders().accept());
        return probe.probeAll(routes.backends())
                .map(backends -> new Home("gateway", table, backends, Instant.now()))
                .map(home -> browser
                        ? HttpResponse.ok(HomePage.render(home)).contentType(MediaType.TEXT_HTML_TYPE)
                        : HttpResponse.ok(home).contentType(MediaType.APPLICATION_JSON_TYPE))
                .map(response -> response.header(HttpHeaders.VARY, HttpHeaders.ACCEPT));
    }

    /** text/html named with a weight above 0 and not below application/json's; q=0 means "not this". */
    static boolean prefersHtml(List<MediaType> accepted) {
        BigDecimal html = weight(accepted, MediaType.TEXT_HTML);
        return html.signum() > 0 && html.compareTo(weight(accepted, MediaType.APPLICATION_JSON)) >= 0;
    }

    private static BigDecimal weight(List<MediaType> accepted, String name) {
        return accepted.stream()
                .filter(type -> name.equals(type.getName()))
                .map(MediaType::getQualityAsNumber)
                .max(BigDecimal::compareTo)
                .orElse(BigDecimal.ZERO);
    }
}
