package microlab.e2e.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One wrk run and what it printed: requests per second, the 99th percentile latency and the count of answers
 * that were not 2xx or 3xx. A POST sends a file's bytes through a Lua script written beside that file.
 */
record Wrk(int threads, int connections, int seconds) {

    /** What one run measured; {@code cpuMicrosPerRequest} is empty when no process was watched. */
    record Result(double requestsPerSecond, double p99Millis, long requests, long errors, Optional<Double> cpuMicrosPerRequest) {
    }

    private static final Pattern RATE = Pattern.compile("(?m)^Requests/sec:\\s+([0-9.]+)");
    private static final Pattern P99 = Pattern.compile("(?m)^\\s+99%\\s+([0-9.]+)(us|ms|s|m)\\s*$");
    private static final Pattern REQUESTS = Pattern.compile("(?m)^\\s+(\\d+) requests in ");
    private static final Pattern ERRORS = Pattern.compile("(?m)^\\s+Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("(?m)^\\s+Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    /** Runs wrk against url (a POST of body when it is given) while the processes pids are watched for their CPU time. */
    Result run(String method, String url, Path body, List<Long> pids) {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--latency"));
        if ("POST".equals(method)) {
            command.addAll(List.of("-s", postScript(body).toString()));
        } else if (!"GET".equals(method)) {
            throw new IllegalArgumentException("wrk runs GET or POST here, not " + method);
        }
        command.add(url);
        long before = ProcessCpu.ticks(pids);
        String out = execute(command);
        long after = ProcessCpu.ticks(pids);
        Result parsed = parse(out);
        if (pids.isEmpty() || parsed.requests() == 0) {
            return parsed;
        }
        double micros = ProcessCpu.micros(after - before) / parsed.requests();
        return new Result(parsed.requestsPerSecond(), parsed.p99Millis(), parsed.requests(), parsed.errors(), Optional.of(micros));
    }

    /** Reads wrk's report (with --latency); a report without a rate or a 99th percentile is a failure. */
    static Result parse(String out) {
        Matcher rate = RATE.matcher(out);
        Matcher p99 = P99.matcher(out);
        Matcher requests = REQUESTS.matcher(out);
        if (!rate.find() || !p99.find() || !requests.find()) {
            throw new IllegalStateException("wrk printed no rate or no 99th percentile:\n" + out);
        }
        double value = Double.parseDouble(p99.group(1));
        double millis = switch (p99.group(2)) {
            case "us" -> value / 1000;
            case "ms" -> value;
            case "s" -> value * 1000;
            default -> value * 60_000;
        };
        long errors = 0;
        Matcher non2xx = ERRORS.matcher(out);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = SOCKET_ERRORS.matcher(out);
        if (socket.find()) {
            for (int group = 1; group <= 4; group++) {
                errors += Long.parseLong(socket.group(group));
            }
        }
        return new Result(Double.parseDouble(rate.group(1)), millis, Long.parseLong(requests.group(1)), errors, Optional.empty());
    }

    private static Path postScript(Path body) {
        Path script = body.resolveSibling(body.getFileName() + ".lua");
        String lua = """
                wrk.method = "POST"
                wrk.headers["Content-Type"] = "application/octet-stream"
                local f = io.open("%s", "rb")
                wrk.body = f:read("*a")
                f:close()
                """.formatted(body.toAbsolutePath());
        try {
            Files.writeString(script, lua);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return script;
    }

    private static String execute(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("could not run wrk (is it installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
