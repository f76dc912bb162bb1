package microlab.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static microlab.launcher.Console.die;
import static microlab.launcher.Console.say;

/**
 * Redis on localhost: the one that answers PING on REDIS_PORT, otherwise a private one in memory only, started from
 * the machine's redis-server (installed with apt-get when root); its pid file is pids/redis.pid.
 */
final class Redis {

    private final Layout layout;
    private final int port;

    Redis(Layout layout, Map<String, String> env) {
        this.layout = layout;
        this.port = Integer.parseInt(env.getOrDefault("REDIS_PORT", "6379"));
    }

    int port() {
        return port;
    }

    /** what Redis says to PING (empty when nothing answers) */
    String reply() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(3000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
            return line == null ? "" : line;
        } catch (IOException e) {
            return "";
        }
    }

    boolean answers() {
        return reply().equals("+PONG");
    }

    /** Uses the Redis that answers, or starts a private one. True when it started one. */
    boolean ensure() {
        String reply = reply();
        if (reply.equals("+PONG")) {
            say("Redis answers on localhost:" + port + "; using it");
            return false;
        }
        if (!reply.isEmpty() || Os.portOpen(port)) {
            throw die("port " + port + " is taken by " + Os.portOwner(port) + ", which does not answer PING with PONG (it said: "
                    + (reply.isEmpty() ? "nothing" : reply) + "); free it, or set REDIS_PORT to a Redis without a password.");
        }
        say("nothing answers on localhost:" + port);
        Optional<Path> server = Os.which("redis-server");
        if (server.isEmpty()) {
            Apt.install(layout, "redis-server");
            if (answers()) {
                say("Redis answers on localhost:" + port + " since the install; using it");
                return false;
            }
            server = Os.which("redis-server");
        }
        Path bin = server.orElseThrow(() -> die("redis-server is still missing after apt-get install redis-server; "
                + "install it and run " + Console.name() + " again."));
        Path dir = Os.mkdirs(layout.runDir().resolve("redis"));
        Os.mkdirs(layout.pids());
        Path log = Os.mkdirs(layout.logs()).resolve("redis.log");
        say("starting a private Redis on 127.0.0.1:" + port + " (in memory only)");
        Os.Result start = Os.run(List.of(bin.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "yes", "--dir", dir.toString(),
                "--pidfile", layout.pids().resolve("redis.pid").toString(), "--logfile", log.toString()));
        if (!start.ok()) {
            throw die("redis-server failed to start (" + start.output().strip() + "); see " + log + ".");
        }
        for (int tries = 0; !answers(); tries++) {
            if (tries >= 50) {
                System.err.println(Os.tail(log, 20));
                throw die("the private Redis does not answer on 127.0.0.1:" + port + " (log above); is the port taken?");
            }
            Os.sleep(100);
        }
        return true;
    }

    /** Stops the private Redis pids/redis.pid names, if it runs; forgets it either way. */
    static void stopPrivate(Layout layout) {
        Path pidFile = layout.pids().resolve("redis.pid");
        Optional<Long> pid = Os.read(pidFile).filter(s -> s.matches("\\d+")).map(Long::parseLong);
        if (pid.isEmpty()) {
            Os.delete(pidFile);
            return;
        }
        if (Os.pidMatches(pid.get(), "redis-server")) {
            say("stopping the private Redis (pid " + pid.get() + ")");
            Os.stop(pid.get(), "redis-server", Duration.ofSeconds(10));
        }
        Os.delete(pidFile);
    }
}
