package microlab.gateway.proxy;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.exceptions.ResponseClosedException;
import io.netty.channel.unix.Errors.NativeIoException;
import io.netty.handler.codec.PrematureChannelClosureException;
import jakarta.inject.Singleton;
import microlab.problem.Causes;

import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The replicas behind a backend's name. Where the name resolves to several addresses (compose's
 * {@code --scale}, a headless Service), requests take turns over them, and an address that failed a
 * request is tried last for {@link #REST_MILLIS}: a replica that is restarting, or gone from DNS while
 * the JVM's cache (5 s, see Application) still holds it, costs a retry on the next replica, not a 502
 * (see {@link #replayable} for which requests). A name with one address (a Kubernetes Service's cluster
 * IP, localhost) is used as it is.
 * <p>
 * Names are looked up off the event loops while they are in use: each name's last answer is kept and served
 * at once, and once it is {@link #REFRESH_MILLIS} old a lookup on a thread of its own brings the next one.
 * A name's first lookup, and one after it went unused for {@link #MAX_AGE_MILLIS} (the JVM's own cache time),
 * is made by its caller, so no answer older than that is ever used: the first request after a quiet spell
 * reaches a container recreated on a new address meanwhile, as it did before.
 */
@Singleton
public class Replicas {

    static final long REST_MILLIS = 2_000;
    /** How old a name's answer may be served before it is looked up again, in the background. */
    static final long REFRESH_MILLIS = 1_000;
    /** The oldest answer used at all: older, it is looked up again by the caller (the JVM caches 5 s, see Application). */
    static final long MAX_AGE_MILLIS = 5_000;
    /** The largest body a request may have to be sent again after an unanswered close. */
    static final long REPLAY_LIMIT = 64 * 1024;
    private final Map<String, AtomicInteger> turns = new ConcurrentHashMap<>();
    private final Map<InetAddress, Long> restingUntil = new ConcurrentHashMap<>();
    private final Map<String, Answer> names = new ConcurrentHashMap<>();
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
    private final Executor lookups = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "gateway-name-lookups");
        thread.setDaemon(true);
        return thread;
    });
    private final LongSupplier clock;

    /** A name's last answer: its addresses, or the failure to find any, and when it was given. */
    private record Answer(InetAddress[] addresses, UnknownHostException failure, long at) {
    }

    public Replicas() {
        this(System::currentTimeMillis);
    }

    Replicas(LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * The base URLs to try for one request, in order: the next address in turn first, any address that
     * failed a request lately last. Each has an address literal for host; the Host header the
     * backend sees is the client's, as before.
     */
    List<URI> candidates(URI base) {
        InetAddress[] addresses;
        try {
            addresses = addresses(base.getHost());
        } catch (UnknownHostException e) {
            return List.of(base); // the client reports it, as a 502
        }
        // https would check the certificate against the name, not an address
        if (addresses.length < 2 || !"http".equalsIgnoreCase(base.getScheme())) {
            return List.of(base);
        }
        int first = Math.floorMod(turns.computeIfAbsent(base.getHost(), host -> new AtomicInteger()).getAndIncrement(),
                addresses.length);
        long now = clock.getAsLong();
        List<URI> rested = new ArrayList<>();
        List<URI> resting = new ArrayList<>();
        for (int i = 0; i < addresses.length; i++) {
            InetAddress address = addresses[(first + i) % addresses.length];
            URI uri = withAddress(base, address);
            if (restingUntil.getOrDefault(address, 0L) > now) {
                resting.add(uri);
            } else {
                rested.add(uri);
            }
        }
        rested.addAll(resting);
        return rested;
    }

    /** Whether {@code base} names one replica only, so that {@link #candidates} would give it alone. */
    boolean single(URI base) {
        try {
            return addresses(base.getHost()).length < 2 || !"http".equalsIgnoreCase(base.getScheme());
        } catch (UnknownHostException e) {
            return true;
        }
    }

    /** The first address of a name, as {@link #addresses} knows it: where a connection to a single replica goes. */
    InetAddress address(String host) throws UnknownHostException {
        return addresses(host)[0];
    }

    /**
     * Every address of a name from its last answer, which a lookup in the background renews once it is
     * {@link #REFRESH_MILLIS} old; the first lookup of a name, and one after {@link #MAX_AGE_MILLIS} unused,
     * is made here, by the caller.
     */
    InetAddress[] addresses(String host) throws UnknownHostException {
        Answer answer = names.get(host);
        long age = answer == null ? Long.MAX_VALUE : clock.getAsLong() - answer.at();
        if (age >= MAX_AGE_MILLIS) {
            answer = lookUp(host);
        } else if (age >= REFRESH_MILLIS && refreshing.add(host)) {
            lookups.execute(() -> {
                try {
                    lookUp(host);
                } finally {
                    refreshing.remove(host);
                }
            });
        }
        if (answer.failure() != null) {
            throw answer.failure();
        }
        return answer.addresses();
    }

    private Answer lookUp(String host) {
        Answer answer;
        try {
            answer = new Answer(resolve(host), null, clock.getAsLong());
        } catch (UnknownHostException e) {
            answer = new Answer(null, e, clock.getAsLong());
        }
        names.put(host, answer);
        return answer;
    }

    /** Every address of a name, through the JVM's resolver and its cache: the lookup itself, which may block. */
    protected InetAddress[] resolve(String host) throws UnknownHostException {
        return InetAddress.getAllByName(host);
    }

    /** The address of {@code target} failed a request: it goes last for a while. */
    void failed(URI target) {
        try {
            restingUntil.put(InetAddress.getByName(target.getHost()), clock.getAsLong() + REST_MILLIS);
        } catch (UnknownHostException e) {
            // a literal address always parses; nothing to remember otherwise
        }
    }

    /**
     * Whether a request may be sent a second time if the first replica closes the connection without an
     * answer (a replica that shuts down closes its idle keep-alive connections, racing a request just sent
     * on one, which it may or may not have read): a request {@link ProxyPolicy#repeatable} and with a body
     * small enough to hold in memory, of a length given up front.
     * Any other request is streamed, and goes to the next replica only if the connection was refused.
     */
    static boolean replayable(HttpRequest<?> request) {
        boolean repeatable = ProxyPolicy.repeatable(request.getMethodName(), request.getHeaders().contains(ProxyPolicy.IDEMPOTENCY_KEY));
        boolean chunked = request.getHeaders().contains(HttpHeaders.TRANSFER_ENCODING);
        return repeatable && !chunked && request.getContentLength() <= REPLAY_LIMIT;
    }

    /** For a replayable request: a connection refused, or closed before the answer. */
    static boolean mayRetry(Throwable failure) {
        return isRefused(failure) || closedBeforeAnswer(failure);
    }

    /** A connection that was never made: refused, unroutable, or not made within the connect timeout. */
    static boolean isRefused(Throwable failure) {
        return Causes.of(failure).stream().anyMatch(cause -> cause instanceof ConnectException
                || cause instanceof NoRouteToHostException);
    }

    /**
     * Closed, reset or broken: on NIO a {@link SocketException}, on Netty's epoll transport a {@link NativeIoException}
     * ("recvAddress(..) failed: Connection reset by peer"); a failed connect is neither (see {@link #isRefused}).
     */
    private static boolean closedBeforeAnswer(Throwable failure) {
        return Causes.of(failure).stream().anyMatch(cause -> cause instanceof ResponseClosedException
                || cause instanceof ClosedChannelException || cause instanceof PrematureChannelClosureException
                || ((cause instanceof SocketException || cause instanceof NativeIoException) && !(cause instanceof ConnectException)));
    }

    private static URI withAddress(URI base, InetAddress address) {
        String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return URI.create(base.getScheme() + "://" + host + ":" + port(base));
    }

    private static int port(URI base) {
        return base.getPort() != -1 ? base.getPort() : 80;
    }
}
