package microlab.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compose on its own (only the gateway publishes a port, every address names a compose service), and
 * compose against Kubernetes: the same services, ports, environment variable names, images and database
 * init script, so the two ways of running microlab cannot drift apart.
 */
final class Agreement {

    private Agreement() {
    }

    static List<String> composeProblems(Compose compose, Map<String, Integer> applicationPorts) {
        List<String> problems = new ArrayList<>();
        if (compose.root.containsKey("version")) {
            problems.add("compose: no top-level version: (the compose spec has none)");
        }
        compose.services().forEach((name, service) -> {
            List<String> ports = compose.ports(name);
            if (name.equals("gateway")) {
                if (!ports.equals(List.of("8080:8080"))) {
                    problems.add("compose gateway: publishes " + ports + ", expected exactly 8080:8080");
                }
            } else if (!ports.isEmpty()) {
                problems.add("compose " + name + ": publishes " + ports + "; only the gateway may be reachable from outside");
            }
            if ("host".equals(service.get("network_mode"))) {
                problems.add("compose " + name + ": network_mode host bypasses the network");
            }
            if (service.get("healthcheck") == null) {
                problems.add("compose " + name + ": no healthcheck");
            }
            List<String> texts = new ArrayList<>(compose.environment(name).values());
            texts.addAll(compose.commandLine(name));
            for (String text : texts) {
                for (Cluster.Url url : Cluster.urlsIn(text, "compose " + name)) {
                    if (!compose.services().containsKey(url.host())) {
                        problems.add(url.foundIn() + ": " + url.text() + " names no compose service");
                    } else if (applicationPorts.containsKey(url.host()) && !applicationPorts.get(url.host()).equals(url.port())) {
                        problems.add(url.foundIn() + ": " + url.text() + " but " + url.host() + " listens on "
                                + applicationPorts.get(url.host()));
                    }
                }
            }
        });
        applicationPorts.forEach((name, port) -> {
            if (!compose.services().containsKey(name)) {
                problems.add("compose: no service " + name);
            } else if (!compose.healthcheck(name).contains("localhost:" + port + "/health/")) {
                problems.add("compose " + name + ": the healthcheck should ask localhost:" + port
                        + "/health/..., it runs: " + compose.healthcheck(name));
            }
        });
        return problems;
    }

    static List<String> composeVersusKubernetes(Compose compose, Cluster cluster, String postgresInitScript) {
        List<String> problems = new ArrayList<>();
        Set<String> composeNames = new TreeSet<>(compose.services().keySet());
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
            Set<String> composeEnv = new TreeSet<>(compose.environment(name).keySet());
            Set<String> kubernetesEnv = new TreeSet<>(cluster.environment(workload, workload.container()).keySet());
            boolean application = Applications.NAMES.contains(name);
            if (application ? !composeEnv.equals(kubernetesEnv) : !kubernetesEnv.containsAll(composeEnv)) {
                problems.add(name + ": environment " + composeEnv + " in compose, " + kubernetesEnv + " in Kubernetes");
            }
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
