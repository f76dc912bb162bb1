package microlab.gateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A replica in the middle of shutting down: it accepts a connection, reads the request head and closes
 * the connection with a reset, unanswered, as a server closing its keep-alive connections does to a
 * request that arrives just then.
 */
public final class ClosingReplica implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicInteger requests = new AtomicInteger();

    public ClosingReplica(byte[] address, int port) {
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getByAddress(address), port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread thread = new Thread(this::serve, "closing-replica");
        thread.setDaemon(true);
        thread.start();
    }

    /** Requests whose head arrived before the reset. */
    public int requests() {
        return requests.get();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                int matched = 0;
                byte[] end = {'\r', '\n', '\r', '\n'};
                int b;
                while (matched < 4 && (b = in.read()) != -1) {
                    matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
                }
                requests.incrementAndGet();
                socket.setSoLinger(true, 0);
            } catch (IOException e) {
                // closed, or the client gave up: next connection
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
