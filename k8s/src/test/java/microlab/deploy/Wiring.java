package microlab.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Do the pieces fit together? Every Service selects pods that have its target port; every address in the
 * configuration names an existing Service and one of its ports; the Ingress backend exists; every volume,
 * ConfigMap, Secret and ServiceAccount a pod refers to exists; each application's probes hit its real port
 * ({@code micronaut.server.port} in its application.yml) on the health paths.
 */
final class Wiring {

    private Wiring() {
    }

    static List<String> problems(Cluster cluster, Map<String, Integer> applicationPorts) {
        List<String> problems = new ArrayList<>();
        services(cluster, problems);
        addresses(cluster, problems);
        ingress(cluster, problems);
        references(cluster, problems);
        applications(cluster, applicationPorts, problems);
        return problems;
    }

    private static void services(Cluster cluster, List<String> problems) {
        for (Service service : cluster.all(Service.class)) {
            String name = "Service " + service.getMetadata().getName();
            List<Cluster.Workload> pods = cluster.selectedBy(service);
            if (pods.isEmpty()) {
                problems.add(name + " selects no pods (selector " + service.getSpec().getSelector() + ")");
                continue;
            }
            for (ServicePort port : service.getSpec().getPorts()) {
                for (Cluster.Workload workload : pods) {
                    if (Cluster.targetOf(port, workload).isEmpty()) {
                        problems.add(name + " port " + port.getPort() + " -> target " + targetText(port) + ": "
                                + workload.id() + " has no such container port");
                    }
                }
            }
        }
    }

    private static void addresses(Cluster cluster, List<String> problems) {
        for (Cluster.Workload workload : cluster.workloads()) {
            for (Cluster.Url url : cluster.urls(workload)) {
                Optional<Service> service = cluster.serviceFor(url.host(), workload.namespace());
                if (service.isEmpty()) {
                    problems.add(url.foundIn() + ": " + url.text() + " names no Service");
                } else if (url.port() == null) {
                    problems.add(url.foundIn() + ": " + url.text() + " has no port; write it out");
                } else if (service.get().getSpec().getPorts().stream().noneMatch(p -> url.port().equals(p.getPort()))) {
                    problems.add(url.foundIn() + ": " + url.text() + " but Service " + url.host() + " listens on "
                            + service.get().getSpec().getPorts().stream().map(ServicePort::getPort).toList());
                }
            }
        }
    }

    private static void ingress(Cluster cluster, List<String> problems) {
        for (Ingress ingress : cluster.all(Ingress.class)) {
            for (IngressServiceBackend backend : backends(ingress)) {
                String name = "Ingress " + ingress.getMetadata().getName() + " backend " + backend.getName();
                Optional<Service> service = cluster.find(Service.class, backend.getName());
                if (service.isEmpty()) {
                    problems.add(name + ": no such Service");
                    continue;
                }
                var port = backend.getPort();
                boolean exists = service.get().getSpec().getPorts().stream().anyMatch(p -> port.getName() != null
                        ? port.getName().equals(p.getName()) : Objects.equals(port.getNumber(), p.getPort()));
                if (!exists) {
                    problems.add(name + ": Service has no port " + (port.getName() != null ? port.getName() : port.getNumber()));
                }
            }
        }
    }

    static List<IngressServiceBackend> backends(Ingress ingress) {
        List<IngressServiceBackend> backends = new ArrayList<>();
        IngressBackend fallback = ingress.getSpec().getDefaultBackend();
        if (fallback != null && fallback.getService() != null) {
            backends.add(fallback.getService());
        }
        ingress.getSpec().getRules().forEach(rule -> {
            if (rule.getHttp() != null) {
                rule.getHttp().getPaths().forEach(path -> backends.add(path.getBackend().getService()));
            }
        });
        return backends;
    }

    private static void references(Cluster cluster, List<String> problems) {
        for (Cluster.Workload workload : cluster.workloads()) {
            String serviceAccount = workload.spec().getServiceAccountName();
            if (serviceAccount != null && cluster.find(ServiceAccount.class, serviceAccount).isEmpty()) {
                problems.add(workload.id() + ": ServiceAccount " + serviceAccount + " does not exist");
            }
            List<String> volumes = new ArrayList<>(workload.claimTemplates());
            for (Volume volume : workload.spec().getVolumes()) {
                volumes.add(volume.getName());
                if (volume.getPersistentVolumeClaim() != null) {
                    String claim = volume.getPersistentVolumeClaim().getClaimName();
                    if (cluster.find(PersistentVolumeClaim.class, claim).isEmpty()) {
                        problems.add(workload.id() + ": volume " + volume.getName() + " claims " + claim
                                + ", which does not exist");
                    }
                }
                if (volume.getConfigMap() != null && cluster.find(ConfigMap.class, volume.getConfigMap().getName()).isEmpty()) {
                    problems.add(workload.id() + ": volume " + volume.getName() + " needs ConfigMap "
                            + volume.getConfigMap().getName() + ", which does not exist");
                }
                if (volume.getSecret() != null && cluster.find(Secret.class, volume.getSecret().getSecretName()).isEmpty()) {
                    problems.add(workload.id() + ": volume " + volume.getName() + " needs Secret "
                            + volume.getSecret().getSecretName() + ", which does not exist");
                }
            }
            for (Container container : workload.spec().getContainers()) {
                for (VolumeMount mount : container.getVolumeMounts()) {
                    if (!volumes.contains(mount.getName())) {
                        problems.add(workload.id() + ": mount " + mount.getMountPath() + " names volume "
                                + mount.getName() + ", which the pod does not have");
                    }
                }
                for (EnvFromSource from : container.getEnvFrom()) {
                    if (from.getConfigMapRef() != null
                            && cluster.find(ConfigMap.class, from.getConfigMapRef().getName()).isEmpty()) {
                        problems.add(workload.id() + ": envFrom ConfigMap " + from.getConfigMapRef().getName()
                                + " does not exist");
                    }
                }
                for (EnvVar var : container.getEnv()) {
                    if (var.getValueFrom() == null) {
                        continue;
                    }
                    var secretRef = var.getValueFrom().getSecretKeyRef();
                    if (secretRef != null && cluster.find(Secret.class, secretRef.getName())
                            .filter(s -> Cluster.secretKeys(s).contains(secretRef.getKey())).isEmpty()) {
                        problems.add(workload.id() + ": env " + var.getName() + " needs Secret key "
                                + secretRef.getName() + "/" + secretRef.getKey() + ", which does not exist");
                    }
                    var configRef = var.getValueFrom().getConfigMapKeyRef();
                    if (configRef != null && cluster.find(ConfigMap.class, configRef.getName())
                            .filter(cm -> Cluster.labels(cm.getData()).containsKey(configRef.getKey())).isEmpty()) {
                        problems.add(workload.id() + ": env " + var.getName() + " needs ConfigMap key "
                                + configRef.getName() + "/" + configRef.getKey() + ", which does not exist");
                    }
                }
            }
        }
    }

    /** The five applications: one port everywhere (application.yml, container, Service) and HTTP probes on it. */
    private static void applications(Cluster cluster, Map<String, Integer> applicationPorts, List<String> problems) {
        applicationPorts.forEach((name, port) -> {
            Optional<Cluster.Workload> found = cluster.workloads().stream().filter(w -> w.name().equals(name)).findFirst();
            if (found.isEmpty()) {
                problems.add(name + ": no Deployment for this application");
                return;
            }
            Cluster.Workload workload = found.get();
            Container container = workload.container();
            if (container.getPorts().stream().noneMatch(p -> port.equals(p.getContainerPort()))) {
                problems.add(workload.id() + ": application.yml says port " + port + ", the container declares "
                        + container.getPorts().stream().map(ContainerPort::getContainerPort).toList());
            }
            cluster.find(Service.class, name).ifPresentOrElse(service -> {
                if (service.getSpec().getPorts().stream().noneMatch(p -> port.equals(p.getPort()))) {
                    problems.add("Service " + name + ": should listen on " + port + " like the application does");
                }
            }, () -> problems.add(name + ": no Service"));
            probe(workload, "startupProbe", container.getStartupProbe(), "/health/liveness", port, problems);
            probe(workload, "livenessProbe", container.getLivenessProbe(), "/health/liveness", port, problems);
            probe(workload, "readinessProbe", container.getReadinessProbe(), "/health/readiness", port, problems);
        });
    }

    private static void probe(Cluster.Workload workload, String kind, Probe probe, String path, int port,
                              List<String> problems) {
        String name = workload.id() + " " + kind;
        if (probe == null || probe.getHttpGet() == null) {
            problems.add(name + ": missing (an HTTP GET on " + path + ")");
            return;
        }
        HTTPGetAction get = probe.getHttpGet();
        if (!path.equals(get.getPath())) {
            problems.add(name + ": path " + get.getPath() + ", expected " + path);
        }
        Integer probed = get.getPort().getIntVal();
        if (get.getPort().getStrVal() != null) {
            probed = workload.container().getPorts().stream()
                    .filter(p -> get.getPort().getStrVal().equals(p.getName()))
                    .map(ContainerPort::getContainerPort).findFirst().orElse(null);
        }
        if (!Integer.valueOf(port).equals(probed)) {
            String probedText = get.getPort().getStrVal() != null ? get.getPort().getStrVal() : String.valueOf(get.getPort().getIntVal());
            problems.add(name + ": probes port " + probedText + " (" + probed + "), the application listens on " + port);
        }
    }

    private static String targetText(ServicePort port) {
        return port.getTargetPort() == null ? String.valueOf(port.getPort())
                : port.getTargetPort().getStrVal() != null ? port.getTargetPort().getStrVal()
                : String.valueOf(port.getTargetPort().getIntVal());
    }
}
