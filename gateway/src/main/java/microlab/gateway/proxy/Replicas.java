package microlab.gateway.proxy;

import jakarta.inject.Singleton;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The replicas behind a backend's name. Where the name resolves to several addresses (compose's
 * {@code --scale}, a headless Service), requests take turns over them, and an address that refused a
 * connection is tried last for {@link #REST_MILLIS}: a replica that is restarting, or gone from DNS
 * while the JVM's cache (5 s, see Application) still holds it, costs a retry on the next replica, not a
 * 502. A name with one address (a Kubernetes Service's cluster IP, localhost) is used as it is.
 */
@Singleton
public class Replicas {

    static final long REST_MILLIS = 2_000;

    private final Map<String, AtomicInteger> turns = new ConcurrentHashMap<>();
    private final Map<InetAddress, Long> refusedUntil = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    public Replicas() {
        this(System::currentTimeMillis);
    }

    Replicas(LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * The base URLs to try for one request, in order: the next address in turn first, any address that
     * refused a connection lately last. Each has an address literal for host; the Host header the
     * backend sees is the client's, as before.
     */
    List<URI> candidates(URI base) {
        InetAddress[] addresses;
        try {
            addresses = resolve(base.getHost());
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
        List<URI> refused = new ArrayList<>();
        for (int i = 0; i < addresses.length; i++) {
            InetAddress address = addresses[(first + i) % addresses.length];
            URI uri = withAddress(base, address);
            if (refusedUntil.getOrDefault(address, 0L) > now) {
                refused.add(uri);
            } else {
                rested.add(uri);
            }
        }
        rested.addAll(refused);
        return rested;
    }

    /** Every address of a name, through the JVM's resolver and its cache. */
    protected InetAddress[] resolve(String host) throws UnknownHostException {
        return InetAddress.getAllByName(host);
    }

    /** The address of {@code target} refused a connection: it goes last for a while. */
    void refused(URI target) {
        try {
            refusedUntil.put(InetAddress.getByName(target.getHost()), clock.getAsLong() + REST_MILLIS);
        } catch (UnknownHostException e) {
            // a literal address always parses; nothing to remember otherwise
        }
    }

    /** A connection that was never made: refused, unroutable, or not made within the connect timeout. */
    static boolean isRefused(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException || cause instanceof java.net.NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    private static URI withAddress(URI base, InetAddress address) {
        String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return URI.create(base.getScheme() + "://" + host + ":" + port(base));
    }

    private static int port(URI base) {
        return base.getPort() != -1 ? base.getPort() : 80;
    }
}
