package microlab.gateway.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.util.ReferenceCountUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keep-alive connections to the backends for {@link DirectProxyHandler}. Each of the server's event loops
 * has its own: a client connection and the backend connections it uses run on one thread, so a byte
 * crosses no thread on its way through, and the idle lists need no locks. A connection the backend closes
 * while idle leaves its list at once.
 * <p>
 * A connection older than {@code maxAge} is closed instead of being used again: when it comes back, or,
 * if it aged while idle, when it would be taken. Behind a Kubernetes Service a kept connection stays with the pod it first reached, also once
 * that pod is leaving: its endpoint is gone, but the pod closes its idle connections only when its stop
 * begins, racing the request the gateway may be writing at that very moment (a POST cannot be sent
 * again). Closed before the pod's pre-stop pause (10 s in k8s/base) ends, the connections move to the pods that
 * stay, and the race cannot happen while the endpoint change reaches kube-proxy within the rest of the pause.
 */
final class BackendConnections {

    /** Idle connections kept per event loop and backend; more are closed when they come back. */
    private static final int MAX_IDLE = 64;

    /** What a backend connection tells the exchange that holds it. */
    interface Listener {
        void read(Object message);

        void readComplete();

        void writable();

        void closed(Throwable cause);
    }

    /** The outcome of {@link #acquire}. */
    interface Acquired {
        void connected(Channel channel, boolean reused);

        void failed(Throwable cause);
    }

    private final int connectTimeoutMillis;
    private final long maxAgeNanos;
    private final Map<EventLoop, Map<String, ArrayDeque<Channel>>> idle = new ConcurrentHashMap<>();
    /** Where a backend's name points, looked up off the event loop. */
    private final Replicas names;

    BackendConnections(Replicas names, Duration connectTimeout, Duration maxAge) {
        this.names = names;
        this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
        this.maxAgeNanos = maxAge.toNanos();
    }

    /**
     * A connection to {@code base} on {@code loop} for {@code listener}: an idle one when there is one and
     * {@code fresh} is false, a new one otherwise, of the same channel type as the client's.
     */
    void acquire(EventLoop loop, Class<? extends Channel> type, URI base, boolean fresh, Listener listener,
                 Acquired then) {
        String key = base.getRawAuthority();
        ArrayDeque<Channel> list = idleOf(loop, key);
        Channel channel;
        while (!fresh && (channel = list.pollFirst()) != null) {
            if (channel.isActive() && System.nanoTime() - handler(channel).retireAt >= 0) {
                // kept while young, idle since past its age: closed, as it would have been on release
                channel.close();
            } else if (channel.isActive()) {
                handler(channel).listener = listener;
                then.connected(channel, true);
                return;
            }
        }
        Bootstrap bootstrap = new Bootstrap().group(loop).channel(type)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        Handler handler = new Handler(list, System.nanoTime() + maxAgeNanos);
                        handler.listener = listener;
                        ch.pipeline().addLast("codec", new HttpClientCodec()).addLast("exchange", handler);
                    }
                });
        int port = base.getPort() != -1 ? base.getPort() : 80;
        InetAddress address;
        try {
            address = names.address(base.getHost());
        } catch (UnknownHostException e) {
            then.failed(e);
            return;
        }
        bootstrap.connect(new InetSocketAddress(address, port)).addListener((ChannelFutureListener) done -> {
            if (done.isSuccess()) {
                then.connected(done.channel(), false);
            } else {
                then.failed(done.cause());
            }
        });
    }

    /** Gives back a connection whose last exchange ended cleanly; it waits for the next request. */
    static void release(Channel channel) {
        Handler handler = handler(channel);
        handler.listener = null;
        if (!channel.isActive() || handler.idle.size() >= MAX_IDLE || System.nanoTime() - handler.retireAt >= 0) {
            channel.close();
            return;
        }
        // reading on, so that a close by the backend is seen while the connection waits
        channel.config().setAutoRead(true);
        handler.idle.addFirst(channel);
    }

    /** Closes a connection whose exchange did not end cleanly; it is not used again. */
    static void discard(Channel channel) {
        handler(channel).listener = null;
        channel.close();
    }

    private ArrayDeque<Channel> idleOf(EventLoop loop, String key) {
        return idle.computeIfAbsent(loop, any -> new HashMap<>()).computeIfAbsent(key, any -> new ArrayDeque<>());
    }

    private static Handler handler(Channel channel) {
        return (Handler) channel.pipeline().get("exchange");
    }

    /** Passes what the backend sends to the exchange holding the connection; an idle one only watches for a close. */
    private static final class Handler extends ChannelInboundHandlerAdapter {

        private final ArrayDeque<Channel> idle;
        /** When the connection is old enough to be closed instead of kept (System.nanoTime). */
        private final long retireAt;
        private Listener listener;

        Handler(ArrayDeque<Channel> idle, long retireAt) {
            this.idle = idle;
            this.retireAt = retireAt;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (listener != null) {
                listener.read(msg);
            } else {
                // an idle connection has nothing to say; whatever it sends ends it
                ReferenceCountUtil.release(msg);
                ctx.close();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (listener != null) {
                listener.readComplete();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (listener != null && ctx.channel().isWritable()) {
                listener.writable();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            idle.remove(ctx.channel());
            Listener current = listener;
            listener = null;
            if (current != null) {
                current.closed(null);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Listener current = listener;
            listener = null;
            ctx.close();
            if (current != null) {
                current.closed(cause);
            }
        }
    }
}
