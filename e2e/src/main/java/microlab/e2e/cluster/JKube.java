package microlab.e2e.cluster;

import microlab.e2e.Exec;
import microlab.e2e.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * jkube: JKube's k8s:resource and k8s:apply take users-service's manifests as the build overlay renders them for
 * this cluster, with one annotation added to its Deployment; the annotation on the live Deployment shows that
 * JKube's apply reached the cluster.
 */
record JKube(Kubectl kubectl, Path buildOverlay) implements Check {

    static final String ANNOTATION = "microlab.check/applied-by";

    @Override
    public void run() {
        Path dir = TempDir.create("microlab-jkube");
        try {
            String stamp = "jkube-" + System.currentTimeMillis() / 1000;
            kubectl.run("kustomize", buildOverlay.toString(), "--output", dir + "/");
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    if (!file.getFileName().toString().contains("users-service")) {
                        Files.delete(file);
                    }
                }
            }
            Path deployment = dir.resolve("apps_v1_deployment_users-service.yaml");
            Files.writeString(deployment, kubectl.run("annotate", "--local", "-f", deployment.toString(), "-o", "yaml",
                    ANNOTATION + "=" + stamp));
            try (Stream<Path> files = Files.list(dir)) {
                files.forEach(file -> System.out.println("  " + file.getFileName()));
            }
            String build = Exec.check(List.of("./mvnw", "-B", "-pl", "k8s", "k8s:resource", "k8s:apply",
                    "-Djkube.resourceDir=" + dir, "-Djkube.namespace=microlab", "-Djkube.targetDir=" + dir.resolve("out"),
                    "-Djkube.kubernetesManifest=" + dir.resolve("out/kubernetes.yml")));
            build.lines().filter(line -> line.matches(".*(k8s:|ERROR|BUILD).*")).forEach(line -> System.out.println("  " + line));
            String seen = kubectl.run("get", "deployment", "users-service", "-o",
                    "jsonpath={.metadata.annotations." + ANNOTATION.replace(".", "\\.") + "}");
            System.out.printf("  users-service's Deployment: %s=%s%n", ANNOTATION, seen);
            Check.require(seen.equals(stamp), "JKube's apply did not reach the Deployment: " + ANNOTATION + " is '" + seen
                    + "', not " + stamp);
            kubectl.run("rollout", "status", "deployment/users-service", "--timeout=180s");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            TempDir.delete(dir);
        }
    }
}
