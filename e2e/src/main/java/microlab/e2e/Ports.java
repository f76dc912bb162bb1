package microlab.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Whether a local port is taken, as the programs that start servers on fixed ports ask before they do. */
public final class Ports {

    private Ports() {
    }

    /** Whether anything accepts a connection on localhost:port: a listener that answers no HTTP (a port-forward to a pod gone) holds it too. */
    public static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
