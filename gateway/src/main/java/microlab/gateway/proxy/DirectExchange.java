package microlab.gateway.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.opentelemetry.context.Scope;
import microlab.gateway.access.AccessLog;
import microlab.gateway.access.RequestIds;
import microlab.gateway.route.Route;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One request on the direct path, from its head to the last byte of its answer: the backend connection taken
 * (once more on a fresh one if a kept one was refused or closed unanswered and the request may be sent
 * again), the body streamed to it, the answer streamed back, or the gateway's own 502/504 in its place. Where
 * the answer stands is one of the named {@link Answer} states; the request body's arrival runs beside it
 * ({@link #readingBody}), since HTTP lets a backend answer before it has read the whole body. It runs on its
 * connection's event loop, as the {@link DirectProxyHandler} that made it.
 */
final class DirectExchange implements BackendConnections.Listener {

    private final DirectProxyHandler connection;
    private final ChannelHandlerContext ctx;
    private final DirectProxy proxy;
    private final HttpRequest request;
    private final Route route;
    private final String requestId;
    private final String rawPath;
    private final long started = System.nanoTime();
    private final ScheduledFuture<?> timeout;
    private final ExchangeTrace trace;
    private boolean keepAlive;
    /** Whether more of the request's body is to come from the client. */
    private boolean readingBody = true;
    /** The request's body as it arrives before the backend connection is ready. */
    private final List<HttpContent> pending = new ArrayList<>();
    private Channel backend;
    /** The backend connection that answered before the whole body was sent: it gets the rest, then goes back. */
    private Channel draining;
    private boolean reused;
    private boolean retried;
    private boolean skipInformational;
    private boolean backendKeepAlive;
    private Answer answer = Answer.CONNECTING;

    DirectExchange(DirectProxyHandler connection, ChannelHandlerContext ctx, DirectProxy proxy, HttpRequest request, Route route,
                   String rawPath) {
        this.connection = connection;
        this.ctx = ctx;
        this.proxy = proxy;
        this.request = request;
        this.route = route;
        this.rawPath = rawPath;
        this.requestId = RequestIds.choose(request.headers().get(RequestIds.HEADER));
        this.keepAlive = HttpUtil.isKeepAlive(request);
        this.trace = proxy.trace(request, rawPath, route);
        this.timeout = ctx.executor().schedule(this::timedOut, route.timeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    void start() {
        proxy.started();
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        String client = remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
        URI base = route.baseUrl();
        ProxyHeaders.toBackend(request.headers(), client, ctx.pipeline().get(SslHandler.class) != null,
                base.getRawAuthority(), requestId);
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        connect(false);
    }

    private void connect(boolean fresh) {
        proxy.backends().acquire(ctx.channel().eventLoop(), ctx.channel().getClass(), route.baseUrl(), fresh, this,
                new BackendConnections.Acquired() {
                    @Override
                    public void connected(Channel channel, boolean wasIdle) {
                        if (answer == Answer.DONE) {
                            BackendConnections.release(channel);
                            return;
                        }
                        backend = channel;
                        reused = wasIdle;
                        channel.write(request);
                        pending.forEach(channel::write);
                        pending.clear();
                        channel.flush();
                        answer = Answer.AWAITED;
                        connection.resume();
                    }

                    @Override
                    public void failed(Throwable cause) {
                        if (!retried && answer != Answer.DONE && Replicas.isRefused(cause)) {
                            // nothing was sent, so any method may go once more: a Service's address may
                            // have sent this connection to a pod that has just stopped listening
                            retried = true;
                            connect(true);
                        } else {
                            fail(cause);
                        }
                    }
                });
    }

    /** A piece of the request body from the client. */
    void fromClient(HttpContent content) {
        if (content instanceof LastHttpContent) {
            readingBody = false;
        }
        if (answer == Answer.DONE) {
            if (draining != null) {
                draining.write(content);
                if (!readingBody) {
                    draining.flush();
                    BackendConnections.release(draining);
                    draining = null;
                }
            } else {
                content.release();
            }
            if (!readingBody && keepAlive) {
                connection.next();
            }
            return;
        }
        if (backend == null) {
            pending.add(content);
            return;
        }
        // flushed when this read ends (channelReadComplete): one write to the backend for what one read brought
        backend.write(content);
    }

    @Override
    public void read(Object message) {
        if (answer == Answer.DONE) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (message instanceof HttpResponse response) {
            if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                // a 1xx the backend sent unasked (the gateway never forwards Expect): the real answer follows
                skipInformational = true;
                ReferenceCountUtil.release(message);
                return;
            }
            respond(response);
        }
        if (message instanceof HttpContent content) {
            if (skipInformational) {
                skipInformational = !(content instanceof LastHttpContent);
                content.release();
                return;
            }
            if (content instanceof LastHttpContent) {
                finish(content);
            } else {
                ctx.write(content);
                if (!ctx.channel().isWritable()) {
                    backend.config().setAutoRead(false);
                }
            }
        }
    }

    private void respond(HttpResponse response) {
        timeout.cancel(false);
        answer = Answer.STREAMING;
        backendKeepAlive = HttpUtil.isKeepAlive(response);
        ProxyHeaders.toClient(response.headers(), requestId);
        boolean bodyless = request.method() == HttpMethod.HEAD || response.status().code() == 204
                || response.status().code() == 304;
        if (!bodyless && !HttpUtil.isContentLengthSet(response)) {
            // the backend's framing stopped at the hop-by-hop line: an HTTP/1.1 client gets chunks, a 1.0 client the close
            if (request.protocolVersion().equals(HttpVersion.HTTP_1_0) || !keepAlive) {
                keepAlive = false;
            } else {
                HttpUtil.setTransferEncodingChunked(response, true);
            }
        }
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        ctx.write(response);
        logged(response.status().code());
    }

    private void finish(HttpContent last) {
        answer = Answer.DONE;
        Channel used = backend;
        backend = null;
        // an answer before the whole body was sent (HTTP allows it): the backend reads the rest, so it gets
        // the rest, and the connection goes back when it is sent; one the backend wants closed is closed
        if (!backendKeepAlive) {
            BackendConnections.discard(used);
        } else if (readingBody) {
            draining = used;
        } else {
            BackendConnections.release(used);
        }
        end(ctx.writeAndFlush(last));
    }

    @Override
    public void readComplete() {
        if (answer == Answer.STREAMING) {
            ctx.flush();
        }
    }

    @Override
    public void writable() {
        connection.resume();
    }

    /** Where the request body goes now: the backend, or the one that answered early; null before the connection is made. */
    Channel bodyTarget() {
        return backend != null ? backend : draining;
    }

    void clientWritable() {
        if (backend != null) {
            backend.config().setAutoRead(true);
        }
    }

    @Override
    public void closed(Throwable cause) {
        if (answer == Answer.DONE) {
            return;
        }
        backend = null;
        if (answer == Answer.STREAMING) {
            // the answer is cut short: the client can only tell by the connection closing too
            try (Scope ignored = trace.current()) {
                DirectProxy.LOG.warn("{} {} -> {}: the backend closed the connection mid-answer id={}", request.method(),
                        rawPath, route.service(), requestId);
            }
            answer = Answer.DONE;
            ctx.close();
            ended("the backend closed the connection mid-answer");
        } else if (reused && !retried && replayable()) {
            // an idle connection the backend closed just as the request went out: once more, on a new one
            retried = true;
            if (!readingBody) {
                // the (empty) body went to the connection that closed
                pending.add(LastHttpContent.EMPTY_LAST_CONTENT);
            }
            answer = Answer.CONNECTING;
            connect(true);
        } else {
            fail(cause != null ? cause : new ClosedChannelException());
        }
    }

    private void timedOut() {
        if (answer == Answer.STREAMING || answer == Answer.DONE) {
            return;
        }
        problem(HttpResponseStatus.GATEWAY_TIMEOUT, ProxyPolicy.tooSlow(route), "the route timeout");
    }

    private void fail(Throwable cause) {
        if (answer == Answer.DONE) {
            return;
        }
        problem(HttpResponseStatus.BAD_GATEWAY, ProxyPolicy.unreachable(route), String.valueOf(cause));
    }

    private void problem(HttpResponseStatus status, String detail, String why) {
        answer = Answer.DONE;
        timeout.cancel(false);
        if (backend != null) {
            BackendConnections.discard(backend);
            backend = null;
        }
        pending.forEach(HttpContent::release);
        pending.clear();
        try (Scope ignored = trace.current()) {
            DirectProxy.LOG.warn("{} {} -> {}: gateway answers {} after {} id={}", request.method(), rawPath,
                    route.service(), status.code(), why, requestId);
        }
        FullHttpResponse response = proxy.problems().response(status, detail, rawPath, trace.traceId(),
                request.method() != HttpMethod.HEAD);
        response.headers().set(RequestIds.HEADER, requestId);
        if (readingBody) {
            // the rest of the body is not read: the connection cannot carry another request
            keepAlive = false;
        }
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        logged(status.code());
        end(ctx.writeAndFlush(response));
    }

    private void end(ChannelFuture written) {
        ChannelPromise close = connection.takeCloseWhenDone();
        if (close != null) {
            written.addListener(sent -> ctx.close(close));
            ended(null);
            return;
        }
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
            ended(null);
            return;
        }
        ended(null);
        if (!readingBody) {
            connection.next();
        }
    }

    /** The exchange is over: {@code why} says how it was cut short, null when its answer went out whole. */
    private void ended(String why) {
        trace.end(why);
        proxy.ended();
    }

    void clientGone() {
        timeout.cancel(false);
        pending.forEach(HttpContent::release);
        pending.clear();
        if (bodyTarget() != null) {
            BackendConnections.discard(bodyTarget());
            backend = null;
            draining = null;
        }
        if (answer != Answer.DONE) {
            answer = Answer.DONE;
            ended("the client closed the connection");
        }
    }

    private void logged(int status) {
        long nanos = System.nanoTime() - started;
        proxy.policy().timed(route, status, nanos);
        trace.status(status);
        try (Scope ignored = trace.current()) {
            AccessLog.write(request.method().name(), rawPath, status, nanos, requestId);
        }
    }

    /** Whether the request may go once more on a fresh connection: repeatable, and no body (the body is not kept). */
    private boolean replayable() {
        return ProxyPolicy.repeatable(request.method().name(), request.headers().contains(ProxyPolicy.IDEMPOTENCY_KEY))
                && HttpUtil.getContentLength(request, 0L) == 0;
    }

    /** Whether more of the request's body is to come from the client. */
    boolean readingBody() {
        return readingBody;
    }

    /** Whether the exchange is over for the client: its answer is sent, or the connection is going. */
    boolean done() {
        return answer == Answer.DONE;
    }

    /** Where an exchange's answer stands; it moves down this list, back to {@link #CONNECTING} only for a retry. */
    private enum Answer {
        /** The backend connection is being made; the request head and body wait in hand. */
        CONNECTING,
        /** The request went to the backend (its body may still be streaming); no answer yet. */
        AWAITED,
        /** The backend's status line and headers went to the client; its body streams after them. */
        STREAMING,
        /** The answer went out whole, the gateway answered in the backend's place, or the exchange was cut short. */
        DONE
    }
}
