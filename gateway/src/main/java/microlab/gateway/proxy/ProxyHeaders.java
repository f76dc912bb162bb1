package microlab.gateway.proxy;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpHeaders;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;

/** What changes in the headers between the client and the backend, in both directions. */
final class ProxyHeaders {

    static final String FORWARDED_FOR = "X-Forwarded-For";
    static final String FORWARDED_PROTO = "X-Forwarded-Proto";
    static final String FORWARDED_HOST = "X-Forwarded-Host";

    // RFC 9110 7.6.1: these describe one connection, not the message, so they never cross the gateway.
    private static final List<String> HOP_BY_HOP = List.of(
            HttpHeaders.CONNECTION, "Keep-Alive", "Proxy-Connection", HttpHeaders.PROXY_AUTHENTICATE,
            HttpHeaders.PROXY_AUTHORIZATION, HttpHeaders.TE, HttpHeaders.TRAILER, HttpHeaders.TRANSFER_ENCODING,
            HttpHeaders.UPGRADE);

    private ProxyHeaders() {
    }

    /** Prepares the copy of a client request's headers that goes to the backend (the filter path). */
    static void toBackend(HttpRequest<?> request, MutableHttpHeaders headers, String requestId) {
        InetSocketAddress remote = request.getRemoteAddress();
        String client = remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
        toBackend(Access.of(headers), client, request.isSecure(), request.getHeaders().get(HttpHeaders.HOST), requestId);
    }

    /** The same for the direct path's Netty request: {@code host} is the backend's, as the filter path's client sets it. */
    static void toBackend(io.netty.handler.codec.http.HttpHeaders headers, String client, boolean secure, String host,
                          String requestId) {
        toBackend(Access.of(headers), client, secure, headers.get(HttpHeaders.HOST), requestId);
        headers.set(HttpHeaders.HOST, host);
    }

    /** Cleans a backend response before it goes to the client (the filter path). */
    static void toClient(MutableHttpHeaders headers, String requestId) {
        toClient(Access.of(headers), requestId);
    }

    /** The same for the direct path's Netty response. */
    static void toClient(io.netty.handler.codec.http.HttpHeaders headers, String requestId) {
        toClient(Access.of(headers), requestId);
    }

    private static void toBackend(Access headers, String client, boolean secure, String clientHost, String requestId) {
        stripHopByHop(headers);
        // The gateway already answered any 100-continue itself; the backend reads the body as it streams.
        headers.remove(HttpHeaders.EXPECT);
        headers.set("X-Request-Id", requestId);
        String chain = headers.get(FORWARDED_FOR);
        headers.set(FORWARDED_FOR, chain == null || chain.isBlank() ? client : chain + ", " + client);
        // Behind an Ingress these already hold what the browser used; the gateway only fills them in when absent.
        if (headers.get(FORWARDED_PROTO) == null) {
            headers.set(FORWARDED_PROTO, secure ? "https" : "http");
        }
        if (headers.get(FORWARDED_HOST) == null && clientHost != null) {
            headers.set(FORWARDED_HOST, clientHost);
        }
    }

    private static void toClient(Access headers, String requestId) {
        stripHopByHop(headers);
        headers.set("X-Request-Id", requestId);
    }

    private static void stripHopByHop(Access headers) {
        if (headers.get(HttpHeaders.CONNECTION) != null) {
            for (String value : headers.getAll(HttpHeaders.CONNECTION)) {
                for (String token : value.split(",")) {
                    String name = token.trim().toLowerCase(Locale.ROOT);
                    if (!name.isEmpty()) {
                        headers.remove(name);
                    }
                }
            }
        }
        HOP_BY_HOP.forEach(headers::remove);
    }

    /** What the rules above do to headers, over Micronaut's headers (filter path) and Netty's (direct path). */
    private interface Access {

        String get(String name);

        List<String> getAll(String name);

        void set(String name, String value);

        void remove(String name);

        static Access of(MutableHttpHeaders headers) {
            return new Access() {
                public String get(String name) {
                    return headers.get(name);
                }

                public List<String> getAll(String name) {
                    return headers.getAll(name);
                }

                public void set(String name, String value) {
                    headers.set(name, value);
                }

                public void remove(String name) {
                    headers.remove(name);
                }
            };
        }

        static Access of(io.netty.handler.codec.http.HttpHeaders headers) {
            return new Access() {
                public String get(String name) {
                    return headers.get(name);
                }

                public List<String> getAll(String name) {
                    return headers.getAll(name);
                }

                public void set(String name, String value) {
                    headers.set(name, value);
                }

                public void remove(String name) {
                    headers.remove(name);
                }
            };
        }
    }
}
