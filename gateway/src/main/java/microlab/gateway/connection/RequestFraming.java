package microlab.gateway.connection;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a request's body can be found unambiguously from its framing fields as sent (RFC 9112, sections 6.1
 * and 6.3), judged as strictly as nginx does, so that no hop behind the gateway can read one request where the
 * gateway read another (request smuggling). A request that fails is refused before either proxy path sees it.
 */
final class RequestFraming {

    /** Why a request is refused, and with which status. */
    record Refusal(HttpResponseStatus status, String detail) {
    }

    private RequestFraming() {
    }

    static Optional<Refusal> judge(HttpVersion version, List<String> contentLengths, List<String> transferEncodings) {
        if (contentLengths.size() > 1 || contentLengths.stream().anyMatch(length -> length.contains(","))) {
            return bad("The request gives its Content-Length more than once.");
        }
        if (transferEncodings.isEmpty()) {
            return Optional.empty();
        }
        if (!contentLengths.isEmpty()) {
            return bad("The request has both Content-Length and Transfer-Encoding, so its length is ambiguous.");
        }
        if (version.majorVersion() == 1 && version.minorVersion() == 0) {
            return bad("HTTP/1.0 has no Transfer-Encoding; the request's length is unknown.");
        }
        List<String> codings = new ArrayList<>();
        for (String field : transferEncodings) {
            for (String coding : field.split(",", -1)) {
                codings.add(coding.strip().toLowerCase(Locale.ROOT));
            }
        }
        if (!codings.get(codings.size() - 1).equals("chunked") || codings.indexOf("chunked") != codings.size() - 1) {
            return bad("Transfer-Encoding must end with chunked, once: '" + String.join(", ", transferEncodings) + "' leaves the length unknown.");
        }
        if (codings.size() > 1) {
            return Optional.of(new Refusal(HttpResponseStatus.NOT_IMPLEMENTED,
                    "This gateway accepts Transfer-Encoding: chunked alone, not '" + String.join(", ", transferEncodings) + "'."));
        }
        return Optional.empty();
    }

    private static Optional<Refusal> bad(String detail) {
        return Optional.of(new Refusal(HttpResponseStatus.BAD_REQUEST, detail));
    }
}
