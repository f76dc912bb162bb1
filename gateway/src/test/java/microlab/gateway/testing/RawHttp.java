package microlab.gateway.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written by hand on a socket, for what ordinary clients refuse to send or quietly repair:
 * dot segments, backslashes, Connection and Upgrade headers, a Content-Length with no body behind it, ambiguous
 * framing; and for clients that behave as no ordinary one does (a head sent a byte at a time, a stalled body, a
 * silent connection) through {@link Connection}. The one place the gateway's tests write and read a socket.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** version: the status line's first word (HTTP/1.1). */
    public record Response(String version, int status, Map<String, List<String>> headers, byte[] body) {

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : String.join(", ", values);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * A connection to the port for a test to write to in pieces and read from as it goes (reads wait 10 s at the
     * most, then fail); the methods below are made of it.
     */
    public static final class Connection implements AutoCloseable {

        private final Socket socket;
        private final InputStream in;

        private Connection(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            try {
                socket.setSoTimeout(10_000);
                in = new BufferedInputStream(socket.getInputStream());
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }

        /** Text goes as ISO-8859-1, one byte a character, CR and LF as written. */
        public Connection write(String text) throws IOException {
            return write(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        public Connection write(byte[] bytes) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
            return this;
        }

        /** One response, framed by its own headers: the connection may stay open behind it. */
        public Response read() throws IOException {
            return read(false);
        }

        /** head: the answer to a HEAD request, which has no body whatever its headers say. */
        public Response read(boolean head) throws IOException {
            return RawHttp.read(in, head);
        }

        /** All the server sends until it closes the connection, as ISO-8859-1 text ("" when it closes in silence). */
        public String readAll() throws IOException {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    public static Connection open(int port) throws IOException {
        return new Connection(port);
    }

    /** Sends the request head as given (lines without CRLF; the blank line is added) and reads one response. */
    public static Response send(int port, String... headLines) {
        try (Connection connection = open(port)) {
            return connection.write(head(headLines)).read(headLines[0].startsWith("HEAD "));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one whole request as given (head and body, any framing) and reads one response, framed by its headers. */
    public static Response exchange(int port, byte[] request) {
        try (Connection connection = open(port)) {
            return connection.write(request).read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes one whole request as given and reads everything the server sends until it closes the connection, as
     * ISO-8859-1 text: for answers that must end the connection (a server that keeps it open fails the read).
     */
    public static String exchangeUntilClosed(int port, String request) {
        try (Connection connection = open(port)) {
            return connection.write(request).readAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the requests (each a head as above, without a body) in one go and reads one response for each, in order. */
    public static List<Response> pipeline(int port, List<List<String>> requests) {
        try (Connection connection = open(port)) {
            StringBuilder all = new StringBuilder();
            requests.forEach(lines -> all.append(head(lines.toArray(String[]::new))));
            connection.write(all.toString());
            List<Response> responses = new ArrayList<>();
            for (List<String> lines : requests) {
                responses.add(connection.read(lines.get(0).startsWith("HEAD ")));
            }
            return responses;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String head(String... lines) {
        return String.join("\r\n", lines) + "\r\n\r\n";
    }

    // Framed by the response's own headers: the server may keep the connection open after answering.
    private static Response read(InputStream in, boolean head) throws IOException {
        String statusLine = readLine(in);
        if (statusLine.isEmpty()) {
            throw new IOException("the connection closed before an answer");
        }
        String[] status = statusLine.split(" ");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        Response response = new Response(status[0], Integer.parseInt(status[1]), headers, new byte[0]);
        if (head || response.status() < 200 || response.status() == 204 || response.status() == 304) {
            return response;
        }
        String encoding = response.header("Transfer-Encoding");
        String length = response.header("Content-Length");
        byte[] body;
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = dechunk(in);
        } else if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else {
            body = in.readAllBytes();
        }
        return new Response(response.version(), response.status(), headers, body);
    }

    private static byte[] dechunk(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(in.readNBytes(size));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != -1 && c != '\n'; ) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
