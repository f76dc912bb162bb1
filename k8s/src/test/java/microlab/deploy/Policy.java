package microlab.deploy;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every pod must be (the restricted Pod Security Standard and then some: read-only root, probes,
 * requests and limits, labels) and what may be reached from outside (only the gateway, through the Ingress).
 */
final class Policy {

    static final String NAMESPACE = "microlab";
    static final List<String> LABELS = List.of("app.kubernetes.io/name", "app.kubernetes.io/component",
            "app.kubernetes.io/part-of");
    private static final List<String> RESTRICTED_VOLUMES = List.of("configMap", "secret", "emptyDir",
            "persistentVolumeClaim", "projected", "downwardAPI", "ephemeral", "csi");
    private static final Pattern MAX_RAM_PERCENTAGE = Pattern.compile("-XX:MaxRAMPercentage=([0-9.]+)");
    private static final BigDecimal JVM_MINIMUM_MEMORY = Quantity.getAmountInBytes(new Quantity("256Mi"));

    private Policy() {
    }

    static List<String> problems(Cluster cluster) {
        List<String> problems = new ArrayList<>();
        namespace(cluster, problems);
        cluster.workloads().forEach(workload -> workload(workload, cluster, problems));
        exposure(cluster, problems);
        return problems;
    }

    private static void namespace(Cluster cluster, List<String> problems) {
        Optional<Namespace> namespace = cluster.find(Namespace.class, NAMESPACE);
        if (namespace.isEmpty()) {
            problems.add("Namespace " + NAMESPACE + " is missing");
        } else if (!"restricted".equals(Cluster.labels(namespace.get().getMetadata().getLabels())
                .get("pod-security.kubernetes.io/enforce"))) {
            problems.add("Namespace " + NAMESPACE + ": pod-security.kubernetes.io/enforce must be restricted");
        }
        for (HasMetadata resource : cluster.resources) {
            if (!(resource instanceof Namespace) && !NAMESPACE.equals(resource.getMetadata().getNamespace())) {
                problems.add(resource.getKind() + "/" + resource.getMetadata().getName() + ": not in namespace "
                        + NAMESPACE);
            }
        }
    }

    private static void workload(Cluster.Workload workload, Cluster cluster, List<String> problems) {
        String id = workload.id();
        var spec = workload.spec();
        PodSecurityContext pod = Optional.ofNullable(spec.getSecurityContext()).orElseGet(PodSecurityContext::new);
        for (String label : LABELS) {
            if (!workload.podLabels().containsKey(label)) {
                problems.add(id + ": pod label " + label + " missing");
            }
        }
        if (Boolean.TRUE.equals(spec.getHostNetwork()) || Boolean.TRUE.equals(spec.getHostPID())
                || Boolean.TRUE.equals(spec.getHostIPC())) {
            problems.add(id + ": shares a host namespace");
        }
        if (!Boolean.FALSE.equals(spec.getAutomountServiceAccountToken())) {
            problems.add(id + ": mounts a service account token it never uses");
        }
        for (Volume volume : spec.getVolumes()) {
            String type = volumeType(volume);
            if (!RESTRICTED_VOLUMES.contains(type)) {
                problems.add(id + ": volume " + volume.getName() + " of type " + type + " is not allowed");
            }
        }
        for (Container c : spec.getContainers()) {
            String where = id + " container " + c.getName();
            SecurityContext sc = Optional.ofNullable(c.getSecurityContext()).orElseGet(SecurityContext::new);
            if (!Boolean.TRUE.equals(either(sc.getRunAsNonRoot(), pod.getRunAsNonRoot()))) {
                problems.add(where + ": runAsNonRoot must be true");
            }
            Long uid = either(sc.getRunAsUser(), pod.getRunAsUser());
            if (uid == null || uid == 0) {
                problems.add(where + ": runAsUser must be a numeric non-root uid");
            }
            SeccompProfile seccomp = either(sc.getSeccompProfile(), pod.getSeccompProfile());
            if (seccomp == null || !"RuntimeDefault".equals(seccomp.getType())) {
                problems.add(where + ": seccompProfile must be RuntimeDefault");
            }
            if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                problems.add(where + ": allowPrivilegeEscalation must be false");
            }
            if (Boolean.TRUE.equals(sc.getPrivileged())) {
                problems.add(where + ": privileged");
            }
            Capabilities caps = sc.getCapabilities();
            if (caps == null || !caps.getDrop().contains("ALL")) {
                problems.add(where + ": capabilities must drop ALL");
            }
            if (caps != null && !caps.getAdd().isEmpty()) {
                problems.add(where + ": adds capabilities " + caps.getAdd());
            }
            if (!Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
                problems.add(where + ": readOnlyRootFilesystem must be true");
            }
            boolean tmp = c.getVolumeMounts().stream().anyMatch(m -> "/tmp".equals(m.getMountPath())
                    && spec.getVolumes().stream().anyMatch(v -> v.getName().equals(m.getName()) && v.getEmptyDir() != null));
            if (!tmp) {
                problems.add(where + ": needs an emptyDir on /tmp (the root filesystem is read-only)");
            }
            if (c.getPorts().stream().anyMatch(p -> p.getHostPort() != null)) {
                problems.add(where + ": hostPort publishes the pod outside the Service");
            }
            resources(where, c, problems);
            if (c.getStartupProbe() == null) {
                problems.add(where + ": startupProbe missing");
            }
            if (c.getLivenessProbe() == null) {
                problems.add(where + ": livenessProbe missing");
            }
            if (c.getReadinessProbe() == null) {
                problems.add(where + ": readinessProbe missing");
            }
        }
        if (Applications.NAMES.contains(workload.name())) {
            Container c = workload.container();
            String javaOpts = cluster.environment(workload, c).getOrDefault("JAVA_OPTS", "");
            OptionalInt share = heapPercentage(javaOpts);
            if (share.isEmpty()) {
                problems.add(id + ": JAVA_OPTS must size the heap from the memory limit (-XX:MaxRAMPercentage)");
            } else {
                // the image's share is deliberate (forecast's PyTorch memory lives outside the heap)
                String settings = workload.name() + "/" + Images.SETTINGS;
                int image = heapPercentage(Repository.read(Repository.ROOT.resolve(settings))).orElse(100);
                if (share.getAsInt() > image) {
                    problems.add(id + ": JAVA_OPTS gives the heap " + share.getAsInt() + "% of the memory limit, more than the "
                            + image + "% of " + settings);
                }
            }
            Quantity limit = Cluster.labels(c.getResources() == null ? null : c.getResources().getLimits()).get("memory");
            if (limit != null && Quantity.getAmountInBytes(limit).compareTo(JVM_MINIMUM_MEMORY) < 0) {
                problems.add(id + ": memory limit " + limit + " is too small for a JVM (at least 256Mi)");
            }
        }
    }

    /** The last {@code -XX:MaxRAMPercentage=} in a command line: the JVM takes the last one given. */
    static OptionalInt heapPercentage(String flags) {
        Matcher m = MAX_RAM_PERCENTAGE.matcher(flags);
        OptionalInt last = OptionalInt.empty();
        while (m.find()) {
            last = OptionalInt.of((int) Double.parseDouble(m.group(1)));
        }
        return last;
    }

    private static void resources(String where, Container c, List<String> problems) {
        Map<String, Quantity> requests = c.getResources() == null ? Map.of() : Cluster.labels(c.getResources().getRequests());
        Map<String, Quantity> limits = c.getResources() == null ? Map.of() : Cluster.labels(c.getResources().getLimits());
        for (String resource : List.of("cpu", "memory")) {
            Quantity request = requests.get(resource);
            Quantity limit = limits.get(resource);
            if (request == null || limit == null) {
                problems.add(where + ": " + resource + " request and limit are both required");
            } else if (Quantity.getAmountInBytes(request).compareTo(Quantity.getAmountInBytes(limit)) > 0) {
                problems.add(where + ": " + resource + " request " + request + " above limit " + limit);
            }
        }
    }

    /** Only the gateway is reachable from outside: every Service is ClusterIP, the Ingress only sends to the gateway. */
    private static void exposure(Cluster cluster, List<String> problems) {
        for (Service service : cluster.all(Service.class)) {
            String type = service.getSpec().getType();
            if (type != null && !"ClusterIP".equals(type)) {
                problems.add("Service " + service.getMetadata().getName() + ": type " + type + ", only ClusterIP is allowed");
            }
            if (!service.getSpec().getExternalIPs().isEmpty()) {
                problems.add("Service " + service.getMetadata().getName() + ": externalIPs expose it");
            }
        }
        List<Ingress> ingresses = cluster.all(Ingress.class);
        if (ingresses.isEmpty()) {
            problems.add("no Ingress: the gateway is unreachable from outside");
        }
        for (Ingress ingress : ingresses) {
            for (var backend : Wiring.backends(ingress)) {
                if (!"gateway".equals(backend.getName())) {
                    problems.add("Ingress " + ingress.getMetadata().getName() + " exposes " + backend.getName()
                            + "; only the gateway may be reachable from outside");
                }
            }
        }
    }

    /** The kind overlay: microlab's own images by local name and tag, never pulled. */
    static List<String> kindImages(Cluster cluster, String tag) {
        List<String> problems = new ArrayList<>();
        for (Cluster.Workload workload : cluster.workloads()) {
            for (Container c : workload.spec().getContainers()) {
                String image = c.getImage();
                if (!image.contains(":") || image.endsWith(":latest")) {
                    problems.add(workload.id() + ": image " + image + " needs a fixed tag");
                }
                if (Applications.NAMES.contains(workload.name()) && !image.equals("microlab/" + workload.name() + ":" + tag)) {
                    problems.add(workload.id() + ": image " + image + ", expected microlab/" + workload.name() + ":" + tag);
                }
                if (!"IfNotPresent".equals(c.getImagePullPolicy())) {
                    problems.add(workload.id() + ": imagePullPolicy " + c.getImagePullPolicy()
                            + ", expected IfNotPresent (images are loaded into kind, not pulled)");
                }
            }
        }
        return problems;
    }

    private static String volumeType(Volume volume) {
        Map<String, Function<Volume, Object>> types = Map.of(
                "configMap", Volume::getConfigMap, "secret", Volume::getSecret, "emptyDir", Volume::getEmptyDir,
                "persistentVolumeClaim", Volume::getPersistentVolumeClaim, "projected", Volume::getProjected,
                "downwardAPI", Volume::getDownwardAPI, "ephemeral", Volume::getEphemeral, "csi", Volume::getCsi);
        return types.entrySet().stream().filter(e -> e.getValue().apply(volume) != null).map(Map.Entry::getKey)
                .findFirst().orElse("hostPath or another node-level type");
    }

    private static <T> T either(T container, T pod) {
        return container != null ? container : pod;
    }
}
