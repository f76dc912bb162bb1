package microlab.deploy;

import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The five Micronaut applications and the port each one's application.yml gives it. */
final class Applications {

    static final List<String> NAMES = List.of("users-service", "orders-service", "consumer-service", "gateway", "forecast");

    private Applications() {
    }

    /** name -> the literal {@code micronaut.server.port} of {@code <name>/src/main/resources/application.yml}. */
    static Map<String, Integer> ports() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String name : NAMES) {
            Path file = Repository.ROOT.resolve(name).resolve("src/main/resources/application.yml");
            if (!Files.exists(file)) {
                throw new IllegalStateException(file + " is missing: the deploy checks read the port from it");
            }
            Map<String, Object> yaml = new Yaml().load(Repository.read(file));
            Object port = at(yaml, "micronaut", "server", "port");
            if (!(port instanceof Integer number)) {
                throw new IllegalStateException(name + ": micronaut.server.port must be a literal number, found " + port);
            }
            ports.put(name, number);
        }
        return ports;
    }

    /** name -> {@code micronaut.lifecycle.graceful-shutdown.grace-period} of its application.yml (absent: none). */
    static Map<String, Duration> gracePeriods() {
        Map<String, Duration> periods = new LinkedHashMap<>();
        for (String name : NAMES) {
            Object period = at(applicationYml(name), "micronaut", "lifecycle", "graceful-shutdown", "grace-period");
            periods.put(name, period == null ? Duration.ZERO : duration(period.toString()));
        }
        return periods;
    }

    /** The gateway's longest route timeout: {@code gateway.routes[].timeout}, {@code gateway.default-timeout} where absent. */
    @SuppressWarnings("unchecked")
    static Duration longestGatewayRoute() {
        Map<String, Object> yaml = applicationYml("gateway");
        Duration fallback = duration(String.valueOf(at(yaml, "gateway", "default-timeout")));
        Duration longest = Duration.ZERO;
        for (Map<String, Object> route : (List<Map<String, Object>>) at(yaml, "gateway", "routes")) {
            Object timeout = route.get("timeout");
            Duration d = timeout == null ? fallback : duration(timeout.toString());
            longest = d.compareTo(longest) > 0 ? d : longest;
        }
        return longest;
    }

    /** {@code gateway.backend-connection-max-age}: how long the gateway keeps using one backend connection. */
    static Duration gatewayConnectionMaxAge() {
        return duration(String.valueOf(at(applicationYml("gateway"), "gateway", "backend-connection-max-age")));
    }

    /** Micronaut's duration syntax as the application.yml files use it: 200ms, 20s, 5m. */
    static Duration duration(String text) {
        var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m)").matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalStateException("not a duration: " + text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
    }

    private static Map<String, Object> applicationYml(String name) {
        return new Yaml().load(Repository.read(Repository.ROOT.resolve(name).resolve("src/main/resources/application.yml")));
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> yaml, String... keys) {
        Object node = yaml;
        for (String key : keys) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = ((Map<String, Object>) map).get(key);
        }
        return node;
    }
}
