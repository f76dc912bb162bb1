package microlab.gateway.access;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's access log, one line a request on either path: method, raw path (the query stays out of the
 * log: it may carry personal data), status, milliseconds until the response headers, request id. Written
 * while the request's trace is current, so the line carries its trace and span id as well.
 */
public final class AccessLog {

    private static final Logger LOG = LoggerFactory.getLogger("gateway.access");

    private AccessLog() {
    }

    public static void write(String method, String rawPath, int status, long nanos, String requestId) {
        LOG.info("{} {} {} {}ms id={}", method, rawPath, status, nanos / 1_000_000, requestId);
    }
}
