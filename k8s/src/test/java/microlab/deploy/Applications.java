package microlab.deploy;

import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
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
