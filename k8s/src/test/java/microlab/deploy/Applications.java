package microlab.deploy;

import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

    /**
     * name -> what is wrong with how its database connections give up: a service with a datasource must hand
     * the driver a read timeout ({@code data-source-properties.socketTimeout}, a string of seconds: the driver
     * ignores a property that is not a string), kept apart from the URL so that DATASOURCES_DEFAULT_URL, which
     * replaces the URL in a container, keeps it. Services without a datasource are not listed.
     */
    static Map<String, String> databaseTimeoutProblems(Map<String, Map<String, Object>> yamls) {
        Map<String, String> problems = new LinkedHashMap<>();
        yamls.forEach((name, yaml) -> {
            Object url = at(yaml, "datasources", "default", "url");
            if (url == null) {
                return;
            }
            Object timeout = at(yaml, "datasources", "default", "data-source-properties", "socketTimeout");
            if (String.valueOf(url).contains("socketTimeout")) {
                problems.put(name, "socketTimeout is in the URL, which DATASOURCES_DEFAULT_URL replaces");
            } else if (!(timeout instanceof String seconds) || !seconds.matches("[1-9][0-9]*")) {
                problems.put(name, "datasources.default.data-source-properties.socketTimeout must be a quoted number of seconds, is " + timeout);
            }
        });
        return problems;
    }

    /** name -> its application.yml */
    static Map<String, Map<String, Object>> applicationYmls() {
        Map<String, Map<String, Object>> yamls = new LinkedHashMap<>();
        NAMES.forEach(name -> yamls.put(name, applicationYml(name)));
        return yamls;
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

    /** A property that names another: {@code ${gateway.backend-connection-max-age}}. */
    private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\$\\{([^}]+)}");

    /** A caller that keeps connections to another application, and for how long at most (null: no limit). */
    record KeptConnections(String caller, String setting, Duration maxAge) {
    }

    /**
     * callee -> who keeps connections to it: the gateway to every other application, on both of its
     * paths ({@code gateway.backend-connection-max-age} for the direct one, its HTTP client's
     * {@code micronaut.http.client.connect-ttl} for the filter one), and each other application to
     * those its {@code micronaut.http.services.<name>} clients call ({@code connect-ttl}; the client of
     * {@code users} calls users-service).
     */
    @SuppressWarnings("unchecked")
    static Map<String, List<KeptConnections>> keptConnections() {
        Map<String, List<KeptConnections>> callers = new LinkedHashMap<>();
        Map<String, Object> gatewayYml = applicationYml("gateway");
        for (String name : NAMES) {
            if (name.equals("gateway")) {
                continue;
            }
            List<KeptConnections> toIt = callers.computeIfAbsent(name, n -> new ArrayList<>());
            toIt.add(kept("gateway", gatewayYml, "gateway.backend-connection-max-age"));
            toIt.add(kept("gateway", gatewayYml, "micronaut.http.client.connect-ttl"));
            Map<String, Object> yaml = applicationYml(name);
            if (at(yaml, "micronaut", "http", "services") instanceof Map<?, ?> clients) {
                for (Object client : clients.keySet()) {
                    callers.computeIfAbsent(client + "-service", n -> new ArrayList<>())
                            .add(kept(name, yaml, "micronaut.http.services." + client + ".connect-ttl"));
                }
            }
        }
        return callers;
    }

    /** The duration at the dotted {@code key}, a {@code ${other.key}} placeholder followed; null when absent. */
    private static KeptConnections kept(String caller, Map<String, Object> yaml, String key) {
        Object value = at(yaml, key.split("\\."));
        var placeholder = value == null ? null : PLACEHOLDER.matcher(value.toString().trim());
        if (placeholder != null && placeholder.matches()) {
            value = at(yaml, placeholder.group(1).split("\\."));
        }
        return new KeptConnections(caller, key, value == null ? null : duration(value.toString()));
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
