package microlab.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * compose against Kubernetes: the same services, environment variable names, addresses, images, database
 * init script and container constraints, so the two ways of running microlab cannot drift apart.
 */
final class Agreement {

    private Agreement() {
    }

    /**
     * The pod's constraints, as compose can state them: the memory limit for every service, and for
     * microlab's own images and the client the pod's security context (read-only root, user, dropped
     * capabilities, no privilege escalation, a writable /tmp). PostgreSQL and Redis run as their images allow.
     */
    static List<String> constraints(Compose compose, String name, Cluster.Workload workload) {
        List<String> problems = new ArrayList<>();
        Container container = workload.container();
        Quantity limit = container.getResources() == null || container.getResources().getLimits() == null ? null
                : container.getResources().getLimits().get("memory");
        long podBytes = limit == null ? -1 : Quantity.getAmountInBytes(limit).longValueExact();
        if (compose.memoryLimit(name) != podBytes) {
            problems.add(name + ": memory limit " + compose.memoryLimit(name) + " bytes in compose, " + podBytes + " in Kubernetes");
        }
        if (!Applications.NAMES.contains(name) && !name.equals("client")) {
            return problems;
        }
        SecurityContext security = Optional.ofNullable(container.getSecurityContext()).orElseGet(SecurityContext::new);
        PodSecurityContext pod = Optional.ofNullable(workload.spec().getSecurityContext()).orElseGet(PodSecurityContext::new);
        if (Boolean.TRUE.equals(security.getReadOnlyRootFilesystem()) && !Boolean.TRUE.equals(compose.service(name).get("read_only"))) {
            problems.add(name + ": a read-only root in Kubernetes, compose lacks read_only: true");
        }
        String user = pod.getRunAsUser() + ":" + pod.getRunAsGroup();
        if (!user.equals(String.valueOf(compose.service(name).get("user")))) {
            problems.add(name + ": runs as " + user + " in Kubernetes, compose has user " + compose.service(name).get("user"));
        }
        boolean dropsAll = security.getCapabilities() != null && security.getCapabilities().getDrop() != null
                && security.getCapabilities().getDrop().contains("ALL");
        if (dropsAll && !compose.list(name, "cap_drop").contains("ALL")) {
            problems.add(name + ": drops ALL capabilities in Kubernetes, compose lacks cap_drop: [ALL]");
        }
        if (Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())
                && !compose.list(name, "security_opt").contains("no-new-privileges:true")) {
            problems.add(name + ": no privilege escalation in Kubernetes, compose lacks security_opt no-new-privileges:true");
        }
        boolean podTmp = container.getVolumeMounts() != null
                && container.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp"));
        if (podTmp && compose.list(name, "tmpfs").stream().noneMatch(t -> t.equals("/tmp") || t.startsWith("/tmp:"))) {
            problems.add(name + ": a writable /tmp in Kubernetes, compose has no tmpfs /tmp");
        }
        return problems;
    }

    static List<String> composeVersusKubernetes(Compose compose, Cluster cluster, String postgresInitScript) {
        List<String> problems = new ArrayList<>();
        // a service of an optional profile (observability) has its counterpart in a component, not in the base
        Set<String> composeNames = new TreeSet<>(compose.services().entrySet().stream()
                .filter(service -> !service.getValue().containsKey("profiles")).map(Map.Entry::getKey).toList());
        Set<String> kubernetesNames = new TreeSet<>(cluster.workloads().stream().map(Cluster.Workload::name).toList());
        if (!composeNames.equals(kubernetesNames)) {
            problems.add("compose services " + composeNames + " but Kubernetes workloads " + kubernetesNames);
        }
        for (String name : composeNames) {
            if (!kubernetesNames.contains(name)) {
                continue;
            }
            Cluster.Workload workload = cluster.workload(name);
            String composeImage = compose.image(name);
            String kubernetesImage = workload.container().getImage();
            if (!kubernetesImage.equals(composeImage)) {
                problems.add(name + ": image " + composeImage + " in compose, " + kubernetesImage + " in Kubernetes");
            }
            // a variable compose only passes on from the caller's shell, empty otherwise (${NAME:-}), is off by
            // default; in Kubernetes a component sets it (OTEL_EXPORTER_OTLP_ENDPOINT: components/observability)
            Set<String> composeEnv = new TreeSet<>(compose.environment(name).entrySet().stream()
                    .filter(variable -> !String.valueOf(variable.getValue()).matches("\\$\\{[A-Z0-9_]+:-}"))
                    .map(Map.Entry::getKey).toList());
            Set<String> kubernetesEnv = new TreeSet<>(cluster.environment(workload, workload.container()).keySet());
            boolean application = Applications.NAMES.contains(name);
            if (application ? !composeEnv.equals(kubernetesEnv) : !kubernetesEnv.containsAll(composeEnv)) {
                problems.add(name + ": environment " + composeEnv + " in compose, " + kubernetesEnv + " in Kubernetes");
            }
            problems.addAll(constraints(compose, name, workload));
            Optional<Service> service = cluster.find(Service.class, name);
            for (String text : compose.environment(name).values()) {
                for (Cluster.Url url : Cluster.urlsIn(text, name)) {
                    Optional<Service> target = cluster.find(Service.class, url.host());
                    if (target.isEmpty() || target.get().getSpec().getPorts().stream().noneMatch(p -> p.getPort().equals(url.port()))) {
                        problems.add(name + ": compose uses " + url.text() + ", which Kubernetes has no Service port for");
                    }
                }
            }
            if (name.equals("gateway") && service.isPresent()) {
                List<Integer> ports = service.get().getSpec().getPorts().stream().map(ServicePort::getPort).toList();
                String published = compose.ports(name).isEmpty() ? "0" : compose.ports(name).get(0);
                if (!ports.contains(Integer.valueOf(published.substring(published.lastIndexOf(':') + 1)))) {
                    problems.add("gateway: compose publishes " + published + ", the Service listens on " + ports);
                }
            }
        }
        String kubernetesScript = cluster.find(ConfigMap.class, "postgres-init")
                .map(cm -> String.join("\n", Cluster.labels(cm.getData()).values())).orElse("");
        if (!kubernetesScript.strip().equals(postgresInitScript.strip())) {
            problems.add("postgres: the ConfigMap postgres-init differs from compose/postgres-init/10-databases.sh");
        }
        return problems;
    }
}
