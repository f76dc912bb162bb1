package microlab.forecast.page;

import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The chart page at /forecast/. Its script and style are static resources under /forecast/ui/; the page
 * itself needs a route because /forecast/{symbol} would otherwise claim every single-segment path.
 */
@Controller("/forecast")
public class PageController {

    private final byte[] page;

    public PageController(ResourceResolver resources) {
        try (InputStream in = resources.getResourceAsStream("classpath:public/index.html").orElseThrow()) {
            this.page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get
    @Produces(MediaType.TEXT_HTML)
    public HttpResponse<byte[]> page() {
        return HttpResponse.ok(page).header("Cache-Control", "no-cache");
    }
}
