package microlab.gateway.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
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
import microlab.gateway.access.RequestIds;
import microlab.gateway.route.Route;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One client connection's side of {@link DirectProxy}: a request the fast path takes is sent to its
 * backend over a pooled connection on the same event loop and the answer streamed back; any other
 * request goes on down the pipeline to Micronaut. One exchange at a time: a request pipelined behind it
 * waits (the connection stops reading) until the answer before it is sent. Every method runs on the
 * connection's event loop, so the fields need no locking.
 */
final class DirectProxyHandler extends ChannelDuplexHandler {

    private static final Set<HttpMethod> REPEATABLE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE);

    private final DirectProxy proxy;
    private ChannelHandlerContext ctx;
    /** Requests handed to Micronaut whose answer has not been written in full. */
    private int withMicronaut;
    private boolean micronautResponding;
    private Exchange exchange;
    /** What arrived while an exchange ran: the next requests, handled after it. */
    private final ArrayDeque<Object> held = new ArrayDeque<>();
    /**
     * Micronaut reads on demand (the channel does not read by itself): a read it asked for while this
     * handler could not take more (the exchange's backend is busy, or a request waits behind it) is held
     * back here and made once it can.
     */
    private boolean readWanted;
    /** A close asked for (by Micronaut, stopping the server) while an answer was on its way: made once it is sent. */
    private ChannelPromise closeWhenDone;

    DirectProxyHandler(DirectProxy proxy) {
        this.proxy = proxy;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (exchange != null && exchange.readingBody && held.isEmpty() && msg instanceof HttpContent content) {
            exchange.fromClient(content);
        } else if (exchange != null || !held.isEmpty()) {
            held.add(msg);
        } else {
            dispatch(msg);
        }
    }

    private void dispatch(Object msg) {
        if (msg instanceof HttpRequest request) {
            if (withMicronaut == 0) {
                String rawPath = DirectProxy.rawPath(request);
                Route route = proxy.routeOf(request, rawPath);
                if (route != null) {
                    exchange = new Exchange(request, route, rawPath);
                    exchange.start();
                    return;
                }
            }
            withMicronaut++;
        }
        ctx.fireChannelRead(msg);
    }

    /** Micronaut's answers pass here on their way out: they show when it has answered what it was handed. */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response && response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            micronautResponding = true;
        }
        if (msg instanceof LastHttpContent && micronautResponding) {
            micronautResponding = false;
            withMicronaut = Math.max(0, withMicronaut - 1);
        }
        ctx.write(msg, promise);
    }

    /**
     * Micronaut closes the connections it sees idle when the server stops gracefully, and one whose
     * request this handler answers looks idle to it: that close waits for the answer.
     */
    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (exchange != null && !exchange.done && !exchange.readingBody) {
            closeWhenDone = promise;
        } else {
            ctx.close(promise);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Channel target = exchange == null ? null : exchange.bodyTarget();
        if (target != null) {
            target.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (mayRead()) {
            ctx.read();
        } else {
            readWanted = true;
        }
    }

    /** Whether more may be read: nothing in hand, or an exchange that can pass on more of its body. */
    private boolean mayRead() {
        if (exchange == null) {
            return held.isEmpty();
        }
        Channel target = exchange.bodyTarget();
        return exchange.readingBody && held.isEmpty() && (target == null ? exchange.done : target.isWritable());
    }

    private void resume() {
        if (readWanted && mayRead()) {
            readWanted = false;
            ctx.read();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null && ctx.channel().isWritable()) {
            exchange.clientWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.clientGone();
        }
        if (closeWhenDone != null) {
            closeWhenDone.trySuccess();
            closeWhenDone = null;
        }
        held.forEach(ReferenceCountUtil::release);
        held.clear();
        ctx.fireChannelInactive();
    }

    /** The exchange ended: the requests held behind it are taken up, and the connection reads again. */
    private void next() {
        exchange = null;
        boolean toMicronaut = false;
        while (exchange == null && !held.isEmpty() && ctx.channel().isActive()) {
            dispatch(held.poll());
            toMicronaut |= exchange == null;
        }
        if (toMicronaut) {
            // Micronaut flushes its answers, and asks for more, when a read ends
            ctx.fireChannelReadComplete();
        }
        // the held messages may hold the start of the new exchange's body
        while (exchange != null && exchange.readingBody && held.peek() instanceof HttpContent content) {
            held.poll();
            exchange.fromClient(content);
        }
        Channel target = exchange == null ? null : exchange.bodyTarget();
        if (target != null) {
            target.flush();
        }
        resume();
    }

    /** One request on the fast path, from its head to the last byte of its answer. */
    private final class Exchange implements BackendConnections.Listener {

        private final HttpRequest request;
        private final Route route;
        private final String requestId;
        private final String rawPath;
        private final long started = System.nanoTime();
        private final boolean replayable;
        private final ScheduledFuture<?> timeout;
        private final ExchangeTrace trace;
        private boolean keepAlive;
        private boolean readingBody = true;
        /** The request's body as it arrives before the backend connection is ready. */
        private final List<HttpContent> pending = new ArrayList<>();
        private Channel backend;
        /** The backend connection that answered before the whole body was sent: it gets the rest, then goes back. */
        private Channel draining;
        private boolean reused;
        private boolean retried;
        private boolean responded;
        private boolean skipInformational;
        private boolean backendKeepAlive;
        private boolean done;

        Exchange(HttpRequest request, Route route, String rawPath) {
            this.request = request;
            this.route = route;
            this.rawPath = rawPath;
            this.requestId = RequestIds.choose(request.headers().get(RequestIds.HEADER));
            this.keepAlive = HttpUtil.isKeepAlive(request);
            this.replayable = REPEATABLE.contains(request.method()) && HttpUtil.getContentLength(request, 0L) == 0;
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
                            if (done) {
                                BackendConnections.release(channel);
                                return;
                            }
                            backend = channel;
                            reused = wasIdle;
                            channel.write(request);
                            pending.forEach(channel::write);
                            pending.clear();
                            channel.flush();
                            resume();
                        }

                        @Override
                        public void failed(Throwable cause) {
                            if (!retried && !done && Replicas.isRefused(cause)) {
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
            if (done) {
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
                    next();
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
            if (done) {
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
            responded = true;
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
            done = true;
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
            if (responded && !done) {
                ctx.flush();
            }
        }

        @Override
        public void writable() {
            resume();
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
            if (done) {
                return;
            }
            backend = null;
            if (responded) {
                // the answer is cut short: the client can only tell by the connection closing too
                try (Scope ignored = trace.current()) {
                    DirectProxy.LOG.warn("{} {} -> {}: the backend closed the connection mid-answer id={}", request.method(),
                            rawPath, route.service(), requestId);
                }
                done = true;
                ctx.close();
                ended("the backend closed the connection mid-answer");
            } else if (reused && !retried && replayable) {
                // an idle connection the backend closed just as the request went out: once more, on a new one
                retried = true;
                if (!readingBody) {
                    // the (empty) body went to the connection that closed
                    pending.add(LastHttpContent.EMPTY_LAST_CONTENT);
                }
                connect(true);
            } else {
                fail(cause != null ? cause : new ClosedChannelException());
            }
        }

        private void timedOut() {
            if (responded || done) {
                return;
            }
            problem(HttpResponseStatus.GATEWAY_TIMEOUT, "The " + route.service() + " service did not answer within "
                    + route.timeout().toMillis() + " ms.", "the route timeout");
        }

        private void fail(Throwable cause) {
            if (done) {
                return;
            }
            problem(HttpResponseStatus.BAD_GATEWAY, "The " + route.service() + " service could not be reached.",
                    String.valueOf(cause));
        }

        private void problem(HttpResponseStatus status, String detail, String why) {
            done = true;
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
            byte[] body = request.method() == HttpMethod.HEAD ? new byte[0]
                    : proxy.problem(status.code(), status.reasonPhrase(), detail, rawPath, trace.traceId());
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json");
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
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
            if (closeWhenDone != null) {
                ChannelPromise close = closeWhenDone;
                closeWhenDone = null;
                written.addListener(done -> ctx.close(close));
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
                next();
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
            if (!done) {
                done = true;
                ended("the client closed the connection");
            }
        }

        private void logged(int status) {
            long nanos = System.nanoTime() - started;
            proxy.timer(route, status).record(nanos, TimeUnit.NANOSECONDS);
            trace.status(status);
            try (Scope ignored = trace.current()) {
                DirectProxy.ACCESS.info("{} {} {} {}ms id={}", request.method(), rawPath, status, nanos / 1_000_000, requestId);
            }
        }
    }
}
