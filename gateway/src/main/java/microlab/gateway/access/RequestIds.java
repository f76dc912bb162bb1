package microlab.gateway.access;

import io.micronaut.http.HttpRequest;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** The {@code X-Request-Id} of a request: the caller's when it is a plausible id, a fresh UUID otherwise. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    static final String ATTRIBUTE = "microlab.gateway.request-id";

    // An id lands in every service's log line: anything beyond these characters could forge log entries.
    private static final Pattern PLAUSIBLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    static String assign(HttpRequest<?> request) {
        String id = choose(request.getHeaders().get(HEADER));
        request.setAttribute(ATTRIBUTE, id);
        return id;
    }

    /** The id for a request that offered {@code offered} (null when it offered none). */
    public static String choose(String offered) {
        return offered != null && PLAUSIBLE.matcher(offered).matches() ? offered : fresh();
    }

    /**
     * A random (version 4) UUID from the thread's own generator: an id names a request, it guards nothing,
     * so it needs no cryptographic randomness ({@link UUID#randomUUID()} takes a lock and reads the
     * system's random source for each one).
     */
    private static String fresh() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(high, low).toString();
    }

    /** The id {@link AccessLogFilter} gave this request. */
    public static String of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, String.class).orElseGet(() -> assign(request));
    }
}
