package microlab.gateway.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import microlab.gateway.route.Route;

import java.util.ArrayDeque;

/**
 * One client connection's side of {@link DirectProxy}: a request the fast path takes is sent to its
 * backend over a pooled connection on the same event loop and the answer streamed back; any other
 * request goes on down the pipeline to Micronaut. One exchange at a time: a request pipelined behind it
 * waits (the connection stops reading) until the answer before it is sent. Every method runs on the
 * connection's event loop, so the fields need no locking.
 */
final class DirectProxyHandler extends ChannelDuplexHandler {

    private final DirectProxy proxy;
    private ChannelHandlerContext ctx;
    /** Requests handed to Micronaut whose answer has not been written in full. */
    private int withMicronaut;
    private boolean micronautResponding;
    private DirectExchange exchange;
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
        if (exchange != null && exchange.readingBody() && held.isEmpty() && msg instanceof HttpContent content) {
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
                Route route = proxy.policy().directRoute(request, rawPath);
                if (route != null) {
                    exchange = new DirectExchange(this, ctx, proxy, request, route, rawPath);
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
        if (exchange != null && !exchange.done() && !exchange.readingBody()) {
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
        return exchange.readingBody() && held.isEmpty() && (target == null ? exchange.done() : target.isWritable());
    }

    void resume() {
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

    /** The close asked for while the exchange's answer was on its way, taken by the exchange once it is sent; or null. */
    ChannelPromise takeCloseWhenDone() {
        ChannelPromise close = closeWhenDone;
        closeWhenDone = null;
        return close;
    }

    /** The exchange ended: the requests held behind it are taken up, and the connection reads again. */
    void next() {
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
        while (exchange != null && exchange.readingBody() && held.peek() instanceof HttpContent content) {
            held.poll();
            exchange.fromClient(content);
        }
        Channel target = exchange == null ? null : exchange.bodyTarget();
        if (target != null) {
            target.flush();
        }
        resume();
    }
}
