package microlab.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import microlab.e2e.Exec;
import microlab.e2e.Http;
import microlab.e2e.smoke.Smoke;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * k8s/kind-up.sh's last step, once every rollout is done: each pod of the five services runs the image just built
 * (the content tags k8s/.kind-build/kustomization.yaml names; pods being deleted, the old replicas of a rollout, left
 * out), then bin/smoke's checks through the Ingress (http://localhost) and through {@code kubectl port-forward
 * svc/gateway}. Usage: {@code Deployed --context C --build-overlay DIR --port-forward PORT}; exits 1 on the first
 * thing wrong.
 */
public final class Deployed {

    static final Pattern TAG = Pattern.compile("- name: (microlab/\\S+)\\s+newTag: \"([^\"]+)\"");

    private Deployed() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        String context = options.getOrDefault("--context", "kind-microlab");
        Path overlay = Path.of(options.getOrDefault("--build-overlay", "k8s/.kind-build"));
        int port = Integer.parseInt(options.getOrDefault("--port-forward", "18080"));
        Kubectl kubectl = new Kubectl("kubectl", context, "microlab");
        try {
            say("the pods and the images they run");
            List<String> stale = stalePods(kubectl, tags(Files.readString(overlay.resolve("kustomization.yaml"))));
            if (!stale.isEmpty()) {
                throw new IllegalStateException("some pods do not run the images just built: " + stale);
            }
            say("waiting for the gateway to answer on http://localhost");
            Http.awaitReady("http://localhost/health/readiness", Duration.ofSeconds(120), () -> null,
                    () -> "the gateway did not answer on http://localhost within 120 s (kubectl -n traefik logs deploy/traefik)");
            say("smoke test through the ingress controller: http://localhost");
            int failed = Smoke.check("http://localhost");
            say("smoke test through kubectl port-forward svc/gateway " + port + ":8080");
            Process forward = Exec.background(Path.of("."), overlay.resolve("port-forward.log"), Map.of(),
                    List.of("kubectl", "--context", context, "-n", "microlab", "port-forward", "svc/gateway", port + ":8080"));
            try {
                Http.awaitReady("http://localhost:" + port + "/health/liveness", Duration.ofSeconds(30),
                        () -> forward.isAlive() ? null : "kubectl port-forward exited; see " + overlay.resolve("port-forward.log"),
                        () -> "nothing answered through the port-forward within 30 s");
                failed += Smoke.check("http://localhost:" + port);
            } finally {
                forward.destroy();
            }
            if (failed > 0) {
                throw new IllegalStateException("the smoke checks failed (above)");
            }
        } catch (IllegalStateException e) {
            System.err.println("kind-up: " + e.getMessage());
            System.exit(1);
        }
    }

    /** microlab/MODULE -> the content tag the build overlay sets */
    static Map<String, String> tags(String kustomization) {
        Map<String, String> tags = new LinkedHashMap<>();
        Matcher m = TAG.matcher(kustomization);
        while (m.find()) {
            tags.put(m.group(1), m.group(2));
        }
        if (tags.isEmpty()) {
            throw new IllegalStateException("the build overlay names no image tag");
        }
        return tags;
    }

    /** "pod runs image, expected image" for each live pod of a service that runs anything but the image just built */
    static List<String> stalePods(Kubectl kubectl, Map<String, String> tags) {
        List<String> stale = new java.util.ArrayList<>();
        tags.forEach((image, tag) -> {
            String expected = image + ":" + tag;
            String module = image.substring(image.indexOf('/') + 1);
            for (JsonNode pod : kubectl.json("pods", "-l", "app.kubernetes.io/name=" + module).path("items")) {
                if (pod.path("metadata").has("deletionTimestamp")) {
                    continue;
                }
                String name = pod.path("metadata").path("name").asText();
                String runs = pod.path("spec").path("containers").path(0).path("image").asText();
                System.out.printf("    %-42s %s%n", name, runs);
                if (!runs.equals(expected) && !runs.equals("docker.io/" + expected)) {
                    stale.add(name + " runs " + runs + ", expected " + expected);
                }
            }
        });
        return stale;
    }

    private static void say(String line) {
        System.out.println("==> " + line);
    }
}
