package microlab.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Parses rendered manifests into fabric8's typed Kubernetes model and refuses anything the model does not
 * know: fabric8 keeps unknown or misspelled fields in {@code additionalProperties} instead of failing, so
 * every object is walked and a non-empty map there is an error with the path to it.
 */
final class StrictManifests {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private StrictManifests() {
    }

    static List<HasMetadata> parse(String yaml) {
        Object parsed;
        try {
            parsed = SERIALIZATION.unmarshal(yaml);
        } catch (RuntimeException e) {
            throw new ManifestException("not valid for the Kubernetes model: " + e.getMessage());
        }
        List<HasMetadata> resources = new ArrayList<>();
        if (parsed instanceof KubernetesList list) {
            resources.addAll(list.getItems());
        } else if (parsed instanceof Collection<?> many) {
            many.forEach(item -> resources.add((HasMetadata) item));
        } else if (parsed instanceof HasMetadata one) {
            resources.add(one);
        }
        List<String> problems = new ArrayList<>();
        for (HasMetadata resource : resources) {
            String where = resource.getKind() + "/" + resource.getMetadata().getName();
            if (resource instanceof GenericKubernetesResource) {
                problems.add(where + ": unknown kind " + resource.getApiVersion() + " " + resource.getKind());
                continue;
            }
            walk(resource, where, problems);
        }
        if (!problems.isEmpty()) {
            throw new ManifestException(String.join("\n", problems));
        }
        return resources;
    }

    private static void walk(Object node, String path, List<String> problems) {
        if (node == null || node instanceof String || node instanceof Number || node instanceof Boolean) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", problems);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> walk(value, path + "." + key, problems));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = getter.getName();
            if (!name.startsWith("get") || name.equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (name.equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(key -> problems.add(path + "." + key + ": unknown field"));
                }
                continue;
            }
            String field = Character.toLowerCase(name.charAt(3)) + name.substring(4);
            walk(value, path + "." + field, problems);
        }
    }

    static final class ManifestException extends RuntimeException {
        ManifestException(String message) {
            super(message);
        }
    }
}
