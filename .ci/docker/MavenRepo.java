import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * Why this exists: the image builds run Maven inside a container, and CI's containers cannot reach Maven
 * Central. This serves the machine's local repository, read-only, as a Maven mirror on the address of
 * the Docker engine's bridge on this machine, so a build stage gets what the host's own build
 * downloaded. A local repository names its metadata maven-metadata-REPO.xml, so a missing
 * maven-metadata.xml is answered from those (version ranges need it).
 *
 *   java .ci/docker/MavenRepo.java ADDRESS PORT [REPOSITORY]    (default ~/.m2/repository)
 */
public class MavenRepo {

    public static void main(String[] args) throws IOException {
        InetAddress address = InetAddress.getByName(args[0]);
        int port = Integer.parseInt(args[1]);
        Path root = Path.of(args.length > 2 ? args[2] : System.getProperty("user.home") + "/.m2/repository")
                .toAbsolutePath().normalize();
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 64);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> serve(exchange, root));
        server.start();
        System.out.println("MavenRepo: serving " + root + " on http://" + address.getHostAddress() + ":" + port + "/");
    }

    private static void serve(HttpExchange exchange, Path root) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            Path file = root.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (file.getFileName() != null && file.getFileName().toString().equals("maven-metadata.xml") && !Files.isRegularFile(file)) {
                file = localMetadata(file.getParent());
            }
            if (file == null || !file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            long size = Files.size(file);
            exchange.sendResponseHeaders(200, method.equals("HEAD") ? -1 : size);
            if (method.equals("GET")) {
                try (OutputStream body = exchange.getResponseBody()) {
                    Files.copy(file, body);
                }
            }
        }
    }

    private static Path localMetadata(Path directory) throws IOException {
        if (directory == null || !Files.isDirectory(directory)) {
            return null;
        }
        try (var files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().matches("maven-metadata-.+\\.xml"))
                    .sorted().findFirst().orElse(null);
        }
    }
}
