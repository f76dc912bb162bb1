package microlab.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import microlab.e2e.Exec;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static microlab.e2e.cluster.Ingress.number;

/**
 * volumes: the forecast pod deleted, the new one counts one more boot and loads its fitted models from the PVC; the
 * PostgreSQL pod deleted, every user is still there, and each users- and orders-service pod has found the new
 * PostgreSQL before the next check begins.
 */
record Volumes(Kubectl kubectl, Ingress ingress, String mark) implements Check {

    @Override
    public void run() throws InterruptedException {
        ingress.get("/forecast/BTC?model=theta&horizon=7", true);
        long boots = number(ingress.get("/forecast/status"), "bootCount");
        String oldPod = podOf("forecast");
        System.out.printf("  forecast: boot %d in %s; deleting the pod%n", boots, oldPod);
        kubectl.run("delete", "pod", oldPod, "--wait=true");
        kubectl.run("rollout", "status", "deployment/forecast", "--timeout=300s");
        JsonNode after = ingress.awaitAnswer("/forecast/status", Duration.ofSeconds(60));
        System.out.printf("  forecast: boot %d in %s, modelsLoadedFromState %s%n", number(after, "bootCount"), podOf("forecast"),
                after.path("modelsLoadedFromState"));
        Check.require(number(after, "bootCount") == boots + 1, "the boot count went from " + boots + " to " + number(after, "bootCount"));
        Check.require(after.path("modelsLoadedFromState").asBoolean(), "the new forecast pod loaded no model from its volume");

        long id = number(ingress.post("/users", "{\"name\":\"Volume Check\",\"email\":\"volume-" + mark + "@example.com\"}", 201), "id");
        long users = number(ingress.get("/users?size=1"), "totalElements");
        System.out.printf("  postgres: %d users (user %d just written); deleting pod postgres-0%n", users, id);
        kubectl.run("delete", "pod", "postgres-0", "--wait=true");
        kubectl.run("rollout", "status", "statefulset/postgres", "--timeout=300s");
        long after2 = number(ingress.awaitSteady("/users?size=1", Duration.ofSeconds(90)), "totalElements");
        System.out.printf("  postgres: %d users after the new pod started%n", after2);
        Check.require(after2 == users, "users before " + users + ", after " + after2);
        // The answers above may all come from one replica (the gateway keeps its connections to a pod). Each
        // replica's pool finds PostgreSQL again on its own, up to 5 s after it is back (HikariCP's back-off between
        // attempts); until then that replica answers 503. The next check must begin with every replica serving.
        for (String app : List.of("users-service", "orders-service")) {
            awaitReplicasReady(app, Duration.ofSeconds(60));
        }
        ingress.awaitAnswer("/users/" + id, Duration.ofSeconds(60));
        ingress.delete("/users/" + id);
    }

    /** Asks each running pod of app for its own readiness (which holds a database connection) until each says UP. */
    private void awaitReplicasReady(String app, Duration limit) throws InterruptedException {
        Instant start = Instant.now();
        for (String pod : kubectl.run("get", "pods", "-l", "app.kubernetes.io/name=" + app, "--field-selector=status.phase=Running",
                "-o", "jsonpath={range .items[*]}{.metadata.name} {.spec.containers[0].ports[0].containerPort}{\"\\n\"}{end}").strip().split("\n")) {
            String[] namePort = pod.split(" ");
            Exec last;
            while (!(last = kubectl.status("exec", namePort[0], "--", "curl", "-fsS", "-m", "3",
                    "http://localhost:" + namePort[1] + "/health/readiness")).ok()) {
                Check.require(Instant.now().isBefore(start.plus(limit)), namePort[0] + " did not find its database within "
                        + limit.toSeconds() + " s: " + last.output().strip());
                Thread.sleep(500);
            }
            System.out.printf("  %s ready again %.1f s after the check began%n", namePort[0],
                    Duration.between(start, Instant.now()).toMillis() / 1000.0);
        }
    }

    private String podOf(String app) {
        return kubectl.run("get", "pods", "-l", "app.kubernetes.io/name=" + app, "--field-selector=status.phase=Running",
                "-o", "jsonpath={.items[0].metadata.name}").strip();
    }
}
