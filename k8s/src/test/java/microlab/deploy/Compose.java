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

    /** The image, with {@code ${VAR:-default}} read as its default (what a user without overrides gets). */
    String image(String name) {
        return withDefaults((String) service(name).get("image"));
    }

    static String withDefaults(String text) {
        return text == null ? null : text.replaceAll("\\$\\{[A-Za-z_][A-Za-z0-9_]*:-([^}]*)}", "$1");
    }

    /** A list-valued key (cap_drop, security_opt, tmpfs) as strings; a single string counts as a list of one. */
    List<String> list(String name, String key) {
        Object value = service(name).get(key);
        List<String> result = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(v -> result.add(String.valueOf(v)));
        } else if (value != null) {
            result.add(String.valueOf(value));
        }
        return result;
    }

    /** deploy.resources.limits.memory in bytes (Docker reads k, m, g as powers of 1024), or -1 when unset. */
    long memoryLimit(String name) {
        Object deploy = service(name).get("deploy");
        Object memory = deploy instanceof Map<?, ?> d && d.get("resources") instanceof Map<?, ?> r
                && r.get("limits") instanceof Map<?, ?> l ? l.get("memory") : null;
        if (memory == null) {
            return -1;
        }
        String text = String.valueOf(memory).trim().toLowerCase();
        int unit = "bkmg".indexOf(text.charAt(text.length() - 1));
        long number = Long.parseLong(unit < 0 ? text : text.substring(0, text.length() - 1));
        return number << (10 * Math.max(unit, 0));
    }
}
