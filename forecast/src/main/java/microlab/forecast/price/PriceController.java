package microlab.forecast.price;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import static microlab.problem.ProblemResponses.BAD_REQUEST;
import static microlab.problem.ProblemResponses.NOT_FOUND;
import static microlab.problem.ProblemResponses.PAYLOAD_TOO_LARGE;
import static microlab.problem.ProblemResponses.SERVICE_UNAVAILABLE;
import static microlab.problem.ProblemResponses.UNSUPPORTED_MEDIA_TYPE;

/** The stored series: list them, read them, replace one with an upload. */
@Controller("/forecast")
@ExecuteOn(TaskExecutors.BLOCKING)
public class PriceController {

    private static final String TEXT_CSV = "text/csv";

    private final PriceStore store;
    private final PriceUploads uploads;

    public PriceController(PriceStore store, PriceUploads uploads) {
        this.store = store;
        this.uploads = uploads;
    }

    @Serdeable
    public record Prices(String symbol, String dataVersion, List<DailyClose> prices) {
    }

    @Get("/symbols")
    @ApiResponse(responseCode = "200", description = "every stored series")
    @ApiResponse(responseCode = "503", ref = SERVICE_UNAVAILABLE)
    public List<Asset> symbols() {
        return store.assets();
    }

    @Get("/prices/{symbol}")
    @ApiResponse(responseCode = "200", description = "the daily closes from from to to")
    @ApiResponse(responseCode = "400", ref = BAD_REQUEST)
    @ApiResponse(responseCode = "404", ref = NOT_FOUND)
    @ApiResponse(responseCode = "503", ref = SERVICE_UNAVAILABLE)
    public Prices prices(String symbol, @Nullable @QueryValue String from, @Nullable @QueryValue String to) {
        Asset asset = store.asset(Symbols.require(symbol)).orElseThrow(() -> new HttpStatusException(HttpStatus.NOT_FOUND,
                "There is no asset " + symbol + "; GET /forecast/symbols lists them."));
        LocalDate first = day(from, "from", CsvPrices.FIRST_DAY);
        LocalDate last = day(to, "to", CsvPrices.LAST_DAY);
        if (first.isAfter(last)) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, "'from' (" + first + ") is after 'to' (" + last + ").");
        }
        return new Prices(asset.symbol(), asset.dataVersion(), store.prices(asset.symbol(), first, last));
    }

    /** Replaces the whole series of {@code symbol} (creating it if new) with a CSV or JSON upload of at most 5 MB. */
    @Post(value = "/prices/{symbol}", consumes = {TEXT_CSV, MediaType.APPLICATION_JSON})
    @ApiResponse(responseCode = "200", description = "the series as stored")
    @ApiResponse(responseCode = "400", ref = BAD_REQUEST)
    @ApiResponse(responseCode = "413", ref = PAYLOAD_TOO_LARGE)
    @ApiResponse(responseCode = "415", ref = UNSUPPORTED_MEDIA_TYPE)
    @ApiResponse(responseCode = "503", ref = SERVICE_UNAVAILABLE)
    public Asset upload(String symbol, HttpRequest<?> request, @Body byte[] body) {
        Symbols.require(symbol);
        String text = new String(body, StandardCharsets.UTF_8);
        boolean csv = request.getContentType().map(type -> type.getName().equalsIgnoreCase(TEXT_CSV)).orElse(false);
        try {
            return uploads.replace(symbol, csv ? CsvPrices.parse(text) : JsonPrices.parse(text));
        } catch (PriceFormatException e) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    private static LocalDate day(String text, String name, LocalDate otherwise) {
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, "'" + name + "' must be a day like 2024-01-31; got '" + text + "'.");
        }
    }
}
