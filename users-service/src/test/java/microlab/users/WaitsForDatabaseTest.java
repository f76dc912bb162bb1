package microlab.users;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Scenario 3: started before its database answers, the service waits for it instead of failing. */
class WaitsForDatabaseTest {

    @Test
    void serviceStartedBeforeItsDatabaseWaitsAndThenServes() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/users_test";
        CompletableFuture<EmbeddedServer> starting = CompletableFuture.supplyAsync(() -> ApplicationContext.run(
                EmbeddedServer.class, Map.of("datasources.default.url", url, "micronaut.server.port", -1), "test"));

        Thread.sleep(3000);
        assertFalse(starting.isDone(), "the service should still be waiting for its database");

        try (ServerSocket database = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            daemon(() -> forwardTo(database, 5432));
            try (EmbeddedServer server = starting.get(60, TimeUnit.SECONDS)) {
                HttpResponse<String> users = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(server.getURI() + "/users?size=1")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, users.statusCode(), users.body());
            }
        }
    }

    // The database "comes up": connections to the test's port reach the real PostgreSQL.
    private static void forwardTo(ServerSocket listener, int targetPort) {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                daemon(() -> pipe(client, target));
                daemon(() -> pipe(target, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void daemon(Runnable work) {
        Thread thread = new Thread(work);
        thread.setDaemon(true);
        thread.start();
    }

    private static void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // one side closed: the other follows
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
