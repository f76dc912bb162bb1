package microlab.e2e.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Just enough of Redis' protocol (RESP) to read a server's configuration and shut it down. */
final class Redis {

    private Redis() {
    }

    /** One Redis command on 127.0.0.1:port; the reply's bulk strings (or its status line). */
    static List<String> command(int port, String... command) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(encode(command));
            out.flush();
            return reply(socket.getInputStream());
        }
    }

    /** A command as an array of bulk strings. */
    static byte[] encode(String... command) {
        StringBuilder request = new StringBuilder("*" + command.length + "\r\n");
        for (String part : command) {
            request.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part).append("\r\n");
        }
        return request.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An array reply as its bulk strings (a nil one as ""); any other reply as its one line. */
    static List<String> reply(InputStream in) throws IOException {
        String first = line(in);
        List<String> values = new ArrayList<>();
        if (first.startsWith("*")) {
            int count = Integer.parseInt(first.substring(1));
            for (int i = 0; i < count; i++) {
                int length = Integer.parseInt(line(in).substring(1));
                values.add(length < 0 ? "" : new String(in.readNBytes(length), StandardCharsets.UTF_8));
                if (length >= 0) {
                    line(in);
                }
            }
        } else {
            values.add(first);
        }
        return values;
    }

    static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /**
     * The command line that starts redis-server again with the first one's configuration (CONFIG GET name to value, in
     * order): an empty logfile or pidfile is left out, bind's addresses go as separate words, and it stays in the
     * foreground.
     */
    static List<String> serverCommand(String binary, Map<String, String> config) {
        List<String> command = new ArrayList<>(List.of(binary));
        config.forEach((name, value) -> {
            if (!((name.equals("logfile") || name.equals("pidfile")) && value.isEmpty())) {
                command.add("--" + name);
                command.addAll(name.equals("bind") ? List.of(value.split(" ")) : List.of(value));
            }
        });
        command.addAll(List.of("--daemonize", "no"));
        return command;
    }
}
