package microlab.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parsed manifests of one kustomize output, with the look-ups the checks share. */
final class Cluster {

    /** scheme://[user@]host:port, which also finds jdbc:postgresql://host:port and redis://host:port. */
    private static final Pattern URL = Pattern.compile("([a-z][a-z0-9+.-]*)://(?:[^@/\\s\"']*@)?([A-Za-z0-9.-]+)(?::(\\d+))?");

    /** A Deployment or StatefulSet: the pods it makes and the claims it brings along. */
    record Workload(String kind, String name, String namespace, Map<String, String> podLabels, PodSpec spec,
                    List<String> claimTemplates) {

        Container container() {
            return spec.getContainers().get(0);
        }

        String id() {
            return kind + "/" + name;
        }
    }

    /** A network address found in a workload's configuration. */
    record Url(String text, String scheme, String host, Integer port, String foundIn) {
    }

    final List<HasMetadata> resources;

    Cluster(List<HasMetadata> resources) {
        this.resources = resources;
    }

    static Cluster of(String yaml) {
        return new Cluster(StrictManifests.parse(yaml));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new IllegalArgumentException("no " + type.getSimpleName() + " " + name));
    }

    List<Workload> workloads() {
        List<Workload> workloads = new ArrayList<>();
        for (Deployment d : all(Deployment.class)) {
            workloads.add(new Workload("Deployment", d.getMetadata().getName(), d.getMetadata().getNamespace(),
                    labels(d.getSpec().getTemplate().getMetadata().getLabels()), d.getSpec().getTemplate().getSpec(),
                    List.of()));
        }
        for (StatefulSet s : all(StatefulSet.class)) {
            List<String> claims = s.getSpec().getVolumeClaimTemplates().stream()
                    .map(pvc -> pvc.getMetadata().getName()).toList();
            workloads.add(new Workload("StatefulSet", s.getMetadata().getName(), s.getMetadata().getNamespace(),
                    labels(s.getSpec().getTemplate().getMetadata().getLabels()), s.getSpec().getTemplate().getSpec(),
                    claims));
        }
        return workloads;
    }

    Workload workload(String name) {
        return workloads().stream().filter(w -> w.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no workload " + name));
    }

    Map<String, String> namespaceLabels(String namespace) {
        Map<String, String> labels = new LinkedHashMap<>();
        find(Namespace.class, namespace).ifPresent(ns -> labels.putAll(labels(ns.getMetadata().getLabels())));
        // the API server adds this label to every namespace
        labels.put("kubernetes.io/metadata.name", namespace);
        return labels;
    }

    /** The workloads whose pods a Service selects (same namespace, every selector label equal). */
    List<Workload> selectedBy(Service service) {
        Map<String, String> selector = labels(service.getSpec().getSelector());
        if (selector.isEmpty()) {
            return List.of();
        }
        return workloads().stream()
                .filter(w -> w.namespace().equals(service.getMetadata().getNamespace()))
                .filter(w -> w.podLabels().entrySet().containsAll(selector.entrySet()))
                .toList();
    }

    /** The container port a Service port reaches on a workload, if the workload has it. */
    static Optional<ContainerPort> targetOf(ServicePort port, Workload workload) {
        IntOrString target = port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
        return workload.spec().getContainers().stream()
                .flatMap(c -> c.getPorts().stream())
                .filter(p -> protocol(p.getProtocol()).equals(protocol(port.getProtocol())))
                .filter(p -> target.getStrVal() != null ? target.getStrVal().equals(p.getName())
                        : target.getIntVal().equals(p.getContainerPort()))
                .findFirst();
    }

    static String protocol(String protocol) {
        return protocol == null ? "TCP" : protocol;
    }

    /**
     * The environment a container sees, as name -> value; values from a Secret read {@code <secret name/key>}.
     * Unresolvable references are left out here and reported by {@link Wiring}.
     */
    Map<String, String> environment(Workload workload, Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : container.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                find(ConfigMap.class, from.getConfigMapRef().getName())
                        .ifPresent(cm -> env.putAll(labels(cm.getData())));
            }
            if (from.getSecretRef() != null) {
                find(Secret.class, from.getSecretRef().getName()).ifPresent(secret -> {
                    secretKeys(secret).forEach(key -> env.put(key, "<secret " + secret.getMetadata().getName() + ">"));
                });
            }
        }
        for (EnvVar var : container.getEnv()) {
            if (var.getValue() != null) {
                env.put(var.getName(), var.getValue());
            } else if (var.getValueFrom() != null && var.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = var.getValueFrom().getConfigMapKeyRef();
                find(ConfigMap.class, ref.getName()).map(cm -> labels(cm.getData()).get(ref.getKey()))
                        .ifPresent(value -> env.put(var.getName(), value));
            } else if (var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null) {
                var ref = var.getValueFrom().getSecretKeyRef();
                env.put(var.getName(), "<secret " + ref.getName() + "/" + ref.getKey() + ">");
            } else {
                env.put(var.getName(), "");
            }
        }
        return env;
    }

    static List<String> secretKeys(Secret secret) {
        List<String> keys = new ArrayList<>(labels(secret.getData()).keySet());
        keys.addAll(labels(secret.getStringData()).keySet());
        return keys;
    }

    /** Every URL in a workload's environment (direct, from ConfigMaps) and in its command line. */
    List<Url> urls(Workload workload) {
        List<Url> urls = new ArrayList<>();
        for (Container container : workload.spec().getContainers()) {
            environment(workload, container).forEach((name, value) ->
                    urls.addAll(urlsIn(value, workload.name() + " env " + name)));
            List<String> commandLine = new ArrayList<>(container.getCommand());
            commandLine.addAll(container.getArgs());
            commandLine.forEach(part -> urls.addAll(urlsIn(part, workload.name() + " command")));
        }
        return urls;
    }

    static List<Url> urlsIn(String text, String foundIn) {
        List<Url> urls = new ArrayList<>();
        Matcher m = URL.matcher(text);
        while (m.find()) {
            urls.add(new Url(m.group(), m.group(1), m.group(2), m.group(3) == null ? null : Integer.valueOf(m.group(3)),
                    foundIn));
        }
        return urls;
    }

    /** The Service a host name means inside {@code namespace}: name, name.ns, name.ns.svc[.cluster.local]. */
    Optional<Service> serviceFor(String host, String namespace) {
        String[] parts = host.split("\\.");
        String ns = parts.length > 1 ? parts[1] : namespace;
        boolean shape = parts.length == 1 || parts.length == 2
                || (parts.length >= 3 && parts[2].equals("svc")
                && (parts.length == 3 || host.endsWith(".svc.cluster.local") && parts.length == 5));
        if (!shape) {
            return Optional.empty();
        }
        return all(Service.class).stream()
                .filter(s -> s.getMetadata().getName().equals(parts[0]) && ns.equals(s.getMetadata().getNamespace()))
                .findFirst();
    }

    static <K, V> Map<K, V> labels(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }
}
