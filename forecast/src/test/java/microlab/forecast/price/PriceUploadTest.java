package microlab.forecast.price;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import microlab.forecast.Http;
import microlab.forecast.TempStateDir;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PriceUploadTest implements TempStateDir {

    private static final String GOOD = "date,close\n2024-01-01,10\n2024-01-02,11\n2024-01-03,12.5\n";

    @Inject
    EmbeddedServer server;
    @Inject
    PriceStore store;

    private Http http;
    private String symbol;

    @BeforeEach
    void setUp() {
        http = new Http(server.getURI());
        symbol = "UP" + ThreadLocalRandom.current().nextInt(1_000_000);
    }

    @Test
    void uploadingACsvCreatesTheSeriesAndReadsBackInOrder() {
        Http.Response response = http.post("/forecast/prices/" + symbol, "text/csv", "date,close\n2024-01-02,11\n2024-01-01,10\n");
        assertEquals(200, response.status(), response.body());
        assertTrue(response.body().contains("\"days\":2"), response.body());
        assertEquals(List.of(new DailyClose(java.time.LocalDate.of(2024, 1, 1), 10), new DailyClose(java.time.LocalDate.of(2024, 1, 2), 11)),
                store.prices(symbol, java.time.LocalDate.of(2000, 1, 1), java.time.LocalDate.of(2100, 1, 1)));
        Http.Response read = http.get("/forecast/prices/" + symbol + "?from=2024-01-02");
        assertEquals(200, read.status());
        assertTrue(read.body().contains("\"prices\":[{\"date\":\"2024-01-02\",\"close\":11.0}]"), read.body());
    }

    @Test
    void uploadingAgainReplacesTheWholeSeriesAndChangesTheDataVersion() {
        http.post("/forecast/prices/" + symbol, "text/csv", GOOD);
        String before = store.asset(symbol).orElseThrow().dataVersion();
        Http.Response response = http.post("/forecast/prices/" + symbol, "application/json",
                "{\"prices\":[{\"date\":\"2023-05-01\",\"close\":3},{\"date\":\"2023-05-02\",\"close\":4}]}");
        assertEquals(200, response.status(), response.body());
        Asset after = store.asset(symbol).orElseThrow();
        assertEquals(2, after.days());
        assertEquals(2, after.revision());
        assertTrue(!after.dataVersion().equals(before));
    }

    @Test
    void aBadRowIsRefusedWithItsLineNumberAndNothingIsHalfLoaded() {
        http.post("/forecast/prices/" + symbol, "text/csv", GOOD);
        String version = store.asset(symbol).orElseThrow().dataVersion();
        Http.Response response = http.post("/forecast/prices/" + symbol, "text/csv",
                "date,close\n2020-01-01,1\n2020-01-02,2\n2020-01-03,-3\n");
        assertEquals(400, response.status());
        assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
        assertTrue(response.body().contains("Line 4"), response.body());
        Asset unchanged = store.asset(symbol).orElseThrow();
        assertEquals(version, unchanged.dataVersion());
        assertEquals(3, unchanged.days());
    }

    @Test
    void eachKindOfBadUploadGets400NamingTheLine() {
        String[][] cases = {
                {"date,close\n2024-01-01,1\n2024-01-32,2\n", "Line 3"},
                {"date,close\n2024-01-01,1\n2024-01-02,zero\n", "Line 3"},
                {"date,close\n2024-01-01,0\n2024-01-02,1\n", "Line 2"},
                {"date,close\n2024-01-01,1\n2024-01-02,2\n2024-01-01,3\n", "Line 4"},
                {"date,close,colour\n2024-01-01,1,red\n", "Line 1"},
                {"date,close\n0000-01-01,1\n2024-01-02,2\n", "Line 2: the date 0000-01-01 is outside 1900-01-01"},
                {"date,close\n2024-01-01,1\n3000-01-01,2\n", "Line 3: the date 3000-01-01 is outside"},
        };
        for (String[] c : cases) {
            Http.Response response = http.post("/forecast/prices/" + symbol, "text/csv", c[0]);
            assertEquals(400, response.status(), c[0]);
            assertTrue(response.body().contains(c[1]), () -> c[0] + " -> " + response.body());
        }
        assertTrue(store.asset(symbol).isEmpty(), "a refused upload creates no asset");
    }

    @Test
    void anUploadOverFiveMegabytesIs413() {
        byte[] big = new byte[5 * 1024 * 1024 + 1];
        Arrays.fill(big, (byte) '1');
        Http.Response response = http.post("/forecast/prices/" + symbol, "text/csv", big);
        assertEquals(413, response.status());
        assertTrue(store.asset(symbol).isEmpty());
    }

    @Test
    void anUploadOfJustUnderFiveMegabytesIsRead() {
        StringBuilder csv = new StringBuilder("date,close\n");
        java.time.LocalDate day = java.time.LocalDate.of(1900, 1, 1);
        while (csv.length() < 5 * 1024 * 1024 - 40) {
            csv.append(day).append(",1.00000000000000000000\n");
            day = day.plusDays(1);
        }
        Http.Response response = http.post("/forecast/prices/" + symbol, "text/csv", csv.toString());
        assertEquals(200, response.status(), response.body());
    }

    @Test
    void anotherContentTypeIs415() {
        Http.Response response = http.post("/forecast/prices/" + symbol, "text/plain", GOOD);
        assertEquals(415, response.status());
        assertTrue(response.contentType().startsWith("application/problem+json"));
    }

    @Test
    void aSymbolMustBeUppercaseLettersOrDigits() {
        for (String bad : List.of("btc", "TOOLONGSYMBOL", "B-C")) {
            Http.Response response = http.post("/forecast/prices/" + bad, "text/csv", GOOD);
            assertEquals(400, response.status(), bad);
            assertTrue(response.body().contains("1 to 10 uppercase letters or digits"), response.body());
        }
    }

    @Test
    void readingAnUnknownSymbolIs404() {
        assertEquals(404, http.get("/forecast/prices/" + symbol).status());
        assertEquals(400, http.get("/forecast/prices/BTC?from=yesterday").status());
    }
}
