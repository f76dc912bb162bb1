package microlab.deploy;

import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** compose/compose.yaml as plain maps, with the few look-ups the checks need. */
final class Compose {

    final Map<String, Object> root;

    private Compose(Map<String, Object> root) {
        this.root = root;
    }

    static Compose parse(String yaml) {
        return new Compose(new Yaml().load(yaml));
    }

    static Compose real() {
        return parse(Repository.read(Repository.COMPOSE));
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> services() {
        return (Map<String, Map<String, Object>>) root.getOrDefault("services", Map.of());
    }

    Map<String, Object> service(String name) {
        Map<String, Object> service = services().get(name);
        if (service == null) {
            throw new IllegalArgumentException("compose has no service " + name);
        }
        return service;
    }

    /** environment in either of its two forms (map, or list of NAME=value). */
    Map<String, String> environment(String name) {
        Object env = service(name).get("environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (env instanceof Map<?, ?> map) {
            map.forEach((k, v) -> result.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else if (env instanceof List<?> list) {
            for (Object item : list) {
                String[] parts = String.valueOf(item).split("=", 2);
                result.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
        }
        return result;
    }

    List<String> ports(String name) {
        Object ports = service(name).get("ports");
        List<String> result = new ArrayList<>();
        if (ports instanceof List<?> list) {
            list.forEach(p -> result.add(String.valueOf(p)));
        }
        return result;
    }

    /** The words of entrypoint and command, which may hold addresses (the client loop). */
    List<String> commandLine(String name) {
        List<String> words = new ArrayList<>();
        for (String key : List.of("entrypoint", "command")) {
            Object value = service(name).get(key);
            if (value instanceof List<?> list) {
                list.forEach(v -> words.add(String.valueOf(v)));
            } else if (value != null) {
                words.add(String.valueOf(value));
            }
        }
        return words;
    }

    String image(String name) {
        return (String) service(name).get("image");
    }

    String healthcheck(String name) {
        Object healthcheck = service(name).get("healthcheck");
        if (healthcheck instanceof Map<?, ?> map && map.get("test") != null) {
            Object test = map.get("test");
            return test instanceof List<?> list ? String.join(" ", list.stream().map(String::valueOf).toList())
                    : String.valueOf(test);
        }
        return "";
    }
}
