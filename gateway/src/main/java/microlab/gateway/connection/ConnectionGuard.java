package microlab.gateway.connection;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import microlab.gateway.problem.NettyProblems;
import microlab.gateway.proxy.ProxyPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's guard against clients that are slow or speak something else, one per connection, right
 * behind Netty's HTTP/1 decoder (everything here happens before Micronaut sees a request):
 * <ul>
 *   <li>a request head that has not arrived within the header timeout gets 408 (a slowloris that sends
 *       a byte now and then included); an idle keep-alive connection is closed silently;</li>
 *   <li>a request body that stalls for the body-idle timeout gets 408, rather than the route's 504;</li>
 *   <li>a head over the size limit gets 431, a request line over it 414;</li>
 *   <li>an HTTP version other than 1.0 and 1.1 gets 505;</li>
 *   <li>a request whose length its framing fields leave ambiguous gets 400 ({@link RequestFraming}), one with a
 *       transfer coding besides chunked 501;</li>
 *   <li>a request target holding a control character or a space gets 400, and so does a body whose chunks the
 *       decoder could not read (a size that is no hex number, data longer than its size): the broken chunk
 *       goes no further, so the backend never takes a cut body for a whole one;</li>
 *   <li>{@code Expect: 100-continue} is answered here with 100 Continue, or with 413 when the length given is
 *       over the limit, and taken off the request; any other expectation gets 417.</li>
 * </ul>
 * Each refusal is a problem+json body and closes the connection. The event loop runs every method
 * here for its connection, so the fields need no locking.
 */
final class ConnectionGuard extends ChannelDuplexHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

    private final long headerNanos;
    private final long bodyIdleNanos;
    private final long maxRequestSize;
    private final NettyProblems problems;
    private ScheduledFuture<?> timer;
    private boolean bytesSinceReady;
    private boolean readingBody;
    private boolean responding;
    private boolean refused;

    ConnectionGuard(ClientTimeouts timeouts, long maxRequestSize, NettyProblems problems) {
        this.problems = problems;
        this.headerNanos = timeouts.header().toNanos();
        this.bodyIdleNanos = timeouts.bodyIdle().toNanos();
        this.maxRequestSize = maxRequestSize;
    }

    /** The handler in front of the decoder: it only notes that bytes arrived, so a half-sent head is told from silence. */
    ChannelInboundHandlerAdapter bytes() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof ByteBuf buf && buf.isReadable()) {
                    bytesSinceReady = true;
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        awaitHead(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            cancel();
            if (refused(ctx, request)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            readingBody = !(msg instanceof LastHttpContent);
            if (readingBody) {
                schedule(ctx, bodyIdleNanos, () -> bodyStalled(ctx));
            }
        } else if (msg instanceof HttpContent content && readingBody) {
            cancel();
            if (content.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                badBody(ctx);
                return;
            }
            readingBody = !(msg instanceof LastHttpContent);
            if (readingBody) {
                schedule(ctx, bodyIdleNanos, () -> bodyStalled(ctx));
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** Answers a request that cannot be served at all; true when it did. Other decoding failures go on to Micronaut's 400. */
    private boolean refused(ChannelHandlerContext ctx, HttpRequest request) {
        Throwable failure = request.decoderResult().cause();
        if (failure instanceof TooLongHttpHeaderException) {
            refuse(ctx, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "The request's header fields are larger than this gateway accepts.");
        } else if (failure instanceof TooLongHttpLineException) {
            refuse(ctx, HttpResponseStatus.REQUEST_URI_TOO_LONG, "The request line is longer than this gateway accepts.");
        } else if (failure == null && !HttpVersion.HTTP_1_1.equals(request.protocolVersion())
                && !HttpVersion.HTTP_1_0.equals(request.protocolVersion())) {
            refuse(ctx, HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "This gateway speaks HTTP/1.1 and HTTP/1.0, not "
                    + request.protocolVersion().text() + ".");
        } else if (failure == null && hasControlCharacter(request.uri())) {
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, "The request target holds a control character or a space.");
        } else if (request.headers() instanceof FramingHeaders framing && refusedFraming(ctx, request, framing)) {
            return true;
        } else {
            return failure == null && refusedExpectation(ctx, request);
        }
        return true;
    }

    private boolean refusedFraming(ChannelHandlerContext ctx, HttpRequest request, FramingHeaders framing) {
        Optional<RequestFraming.Refusal> refusal = RequestFraming.judge(request.protocolVersion(), framing.contentLengths(),
                framing.transferEncodings());
        refusal.ifPresent(r -> refuse(ctx, r.status(), r.detail()));
        return refusal.isPresent();
    }

    /**
     * Answers {@code Expect: 100-continue} here, for both paths alike, and takes it off the request; true when the
     * request was refused instead (an expectation other than 100-continue, or a length given over the limit).
     */
    private boolean refusedExpectation(ChannelHandlerContext ctx, HttpRequest request) {
        String expect = request.headers().get(HttpHeaderNames.EXPECT);
        if (expect == null) {
            return false;
        }
        if (!HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect.trim())) {
            refuse(ctx, HttpResponseStatus.EXPECTATION_FAILED, "This gateway meets no expectation but 100-continue.");
            return true;
        }
        if (HttpUtil.getContentLength(request, 0L) > maxRequestSize) {
            refuse(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, ProxyPolicy.tooLarge());
            return true;
        }
        request.headers().remove(HttpHeaderNames.EXPECT);
        if (HttpVersion.HTTP_1_1.equals(request.protocolVersion())) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        return false;
    }

    private static boolean hasControlCharacter(String target) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** A piece of the body the decoder could not read: refused if no answer has begun, else the connection closes. */
    private void badBody(ChannelHandlerContext ctx) {
        if (responding) {
            refused = true;
            ctx.close();
        } else {
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, "The request body's chunked framing is malformed.");
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response && response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            responding = true;
        }
        if (msg instanceof LastHttpContent && responding) {
            promise = promise.unvoid();
            promise.addListener(done -> {
                responding = false;
                if (done.isSuccess() && !readingBody && ctx.channel().isActive()) {
                    awaitHead(ctx);
                }
            });
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void awaitHead(ChannelHandlerContext ctx) {
        bytesSinceReady = false;
        schedule(ctx, headerNanos, () -> headLate(ctx));
    }

    private void headLate(ChannelHandlerContext ctx) {
        if (bytesSinceReady) {
            refuse(ctx, HttpResponseStatus.REQUEST_TIMEOUT, "The request head did not arrive within "
                    + Duration.ofNanos(headerNanos).toMillis() + " ms.");
        } else {
            ctx.close();
        }
    }

    private void bodyStalled(ChannelHandlerContext ctx) {
        if (responding) {
            ctx.close();
        } else {
            refuse(ctx, HttpResponseStatus.REQUEST_TIMEOUT, "The request body stalled: nothing arrived for "
                    + Duration.ofNanos(bodyIdleNanos).toMillis() + " ms.");
        }
    }

    private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String detail) {
        cancel();
        refused = true;
        readingBody = false;
        LOG.warn("{} from {}: {}", status.code(), ctx.channel().remoteAddress(), detail);
        FullHttpResponse response = problems.response(status, detail, null, null, true);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private void schedule(ChannelHandlerContext ctx, long nanos, Runnable task) {
        cancel();
        timer = ctx.executor().schedule(task, nanos, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
