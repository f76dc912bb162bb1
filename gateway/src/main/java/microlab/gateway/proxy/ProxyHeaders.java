package microlab.gateway.proxy;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpHeaders;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What changes in the headers between the client and the backend, in both directions. */
final class ProxyHeaders {

    static final String FORWARDED_FOR = "X-Forwarded-For";
    static final String FORWARDED_PROTO = "X-Forwarded-Proto";
    static final String FORWARDED_HOST = "X-Forwarded-Host";
    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";

    // RFC 9110 7.6.1: these describe one connection, not the message, so they never cross the gateway.
    private static final List<String> HOP_BY_HOP = List.of(
            HttpHeaders.CONNECTION, "Keep-Alive", "Proxy-Connection", HttpHeaders.PROXY_AUTHENTICATE,
            HttpHeaders.PROXY_AUTHORIZATION, HttpHeaders.TE, HttpHeaders.TRAILER, HttpHeaders.TRANSFER_ENCODING,
            HttpHeaders.UPGRADE);

    private ProxyHeaders() {
    }

    /**
     * Prepares the copy of a client request's headers that goes to the backend; {@code traced}: the gateway
     * continues the caller's trace in spans of its own (otherwise the caller's trace context goes on unchanged).
     */
    static void toBackend(HttpRequest<?> request, MutableHttpHeaders headers, String requestId, boolean traced) {
        stripHopByHop(headers);
        // The gateway already answered any 100-continue itself; the backend reads the body as it streams.
        headers.remove(HttpHeaders.EXPECT);
        headers.set("X-Request-Id", requestId);
        if (traced) {
            // the caller's trace context, continued in the gateway's spans: Micronaut's client filter adds the
            // gateway's own in its place (a copy left here would be a second traceparent, naming the wrong parent)
            headers.remove(TRACEPARENT);
            headers.remove(TRACESTATE);
        }

        InetSocketAddress remote = request.getRemoteAddress();
        String client = remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
        String chain = headers.get(FORWARDED_FOR);
        headers.set(FORWARDED_FOR, chain == null || chain.isBlank() ? client : chain + ", " + client);
        // Behind an Ingress these already hold what the browser used; the gateway only fills them in when absent.
        if (headers.get(FORWARDED_PROTO) == null) {
            headers.set(FORWARDED_PROTO, request.isSecure() ? "https" : "http");
        }
        String host = request.getHeaders().get(HttpHeaders.HOST);
        if (headers.get(FORWARDED_HOST) == null && host != null) {
            headers.set(FORWARDED_HOST, host);
        }
    }

    /** Cleans a backend response before it goes to the client. */
    static void toClient(MutableHttpHeaders headers, String requestId) {
        stripHopByHop(headers);
        headers.set("X-Request-Id", requestId);
    }

    /** The same for the direct path's Netty request: {@code host} is the backend's, as the filter path's client sets it. */
    static void toBackend(io.netty.handler.codec.http.HttpHeaders headers, String client, boolean secure, String host,
                          String requestId) {
        String clientHost = headers.get(HttpHeaders.HOST);
        stripHopByHop(headers);
        headers.remove(HttpHeaders.EXPECT);
        headers.set("X-Request-Id", requestId);
        String chain = headers.get(FORWARDED_FOR);
        headers.set(FORWARDED_FOR, chain == null || chain.isBlank() ? client : chain + ", " + client);
        if (!headers.contains(FORWARDED_PROTO)) {
            headers.set(FORWARDED_PROTO, secure ? "https" : "http");
        }
        if (!headers.contains(FORWARDED_HOST) && clientHost != null) {
            headers.set(FORWARDED_HOST, clientHost);
        }
        headers.set(HttpHeaders.HOST, host);
    }

    /** The same for the direct path's Netty response. */
    static void toClient(io.netty.handler.codec.http.HttpHeaders headers, String requestId) {
        stripHopByHop(headers);
        headers.set("X-Request-Id", requestId);
    }

    private static void stripHopByHop(io.netty.handler.codec.http.HttpHeaders headers) {
        if (headers.contains(HttpHeaders.CONNECTION)) {
            connectionTokens(headers.getAll(HttpHeaders.CONNECTION)).forEach(headers::remove);
        }
        HOP_BY_HOP.forEach(headers::remove);
    }

    private static List<String> connectionTokens(List<String> values) {
        List<String> named = new ArrayList<>();
        for (String value : values) {
            for (String token : value.split(",")) {
                String name = token.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty()) {
                    named.add(name);
                }
            }
        }
        return named;
    }

    static void stripHopByHop(MutableHttpHeaders headers) {
        connectionTokens(headers.getAll(HttpHeaders.CONNECTION)).forEach(headers::remove);
        HOP_BY_HOP.forEach(headers::remove);
    }
}
