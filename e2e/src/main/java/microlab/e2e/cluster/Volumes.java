package microlab.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;

import static microlab.e2e.cluster.Ingress.number;

/**
 * volumes: the forecast pod deleted, the new one counts one more boot and loads its fitted models from the PVC; the
 * PostgreSQL pod deleted, every user is still there.
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
        // each users-service replica finds PostgreSQL again on its own; until then it answers 503
        ingress.awaitAnswer("/users/" + id, Duration.ofSeconds(60));
        ingress.delete("/users/" + id);
    }

    private String podOf(String app) {
        return kubectl.run("get", "pods", "-l", "app.kubernetes.io/name=" + app, "--field-selector=status.phase=Running",
                "-o", "jsonpath={.items[0].metadata.name}").strip();
    }
}
