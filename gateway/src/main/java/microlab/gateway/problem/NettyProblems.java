package microlab.gateway.problem;

import io.micronaut.context.BeanProvider;
import io.micronaut.core.util.SupplierUtil;
import io.micronaut.json.JsonMapper;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import jakarta.inject.Singleton;
import microlab.problem.Problem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * The gateway's own problem+json answers where Micronaut does not write them (the connection guard, the
 * direct path): the same {@link Problem} body the filter path's error processor writes, in a Netty response.
 */
@Singleton
public class NettyProblems {

    /** Resolved at the first problem, not at start-up, and then kept. */
    private final Supplier<JsonMapper> json;

    public NettyProblems(BeanProvider<JsonMapper> json) {
        this.json = SupplierUtil.memoized(json::get);
    }

    /**
     * A complete answer: {@code path} and {@code traceId} may be null (a request refused before it was traced);
     * {@code withBody} false for a HEAD request, whose answer carries the headers alone.
     */
    public FullHttpResponse response(HttpResponseStatus status, String detail, String path, String traceId, boolean withBody) {
        byte[] body;
        try {
            body = json.get().writeValueAsBytes(new Problem("about:blank", status.reasonPhrase(), status.code(), detail, path,
                    null, traceId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                withBody ? Unpooled.wrappedBuffer(body) : Unpooled.EMPTY_BUFFER);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json");
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, withBody ? body.length : 0);
        return response;
    }
}
