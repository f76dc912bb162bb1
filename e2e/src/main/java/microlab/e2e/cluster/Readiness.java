package microlab.e2e.cluster;

import java.net.http.HttpResponse;
import java.time.Duration;

import static microlab.e2e.cluster.Ingress.number;

/**
 * readiness: users-service scaled to 0, the orders-service pods stay ready (their readiness asks their own database,
 * never a peer), GET /orders/{id} still answers 200 and POST /orders a 503 problem; users-service scaled back.
 */
record Readiness(Kubectl kubectl, Ingress ingress, String mark) implements Check {

    @Override
    public void run() throws InterruptedException {
        long userId = number(ingress.post("/users", "{\"name\":\"Readiness Check\",\"email\":\"ready-" + mark + "@example.com\"}", 201), "id");
        long orderId = number(ingress.post("/orders",
                "{\"userId\":" + userId + ",\"items\":[{\"sku\":\"CHECK-1\",\"quantity\":1,\"unitPrice\":\"2.50\"}]}", 201), "id");
        try {
            System.out.println("  scaling users-service to 0");
            kubectl.run("scale", "deployment/users-service", "--replicas=0");
            kubectl.run("wait", "--for=delete", "pod", "-l", "app.kubernetes.io/name=users-service", "--timeout=120s");
            // a few readiness periods, so a probe that asks users-service would have failed by now
            Thread.sleep(15_000);
            String ready = kubectl.run("get", "deployment/orders-service", "-o", "jsonpath={.status.readyReplicas}").strip();
            ready = ready.isEmpty() ? "0" : ready;
            System.out.printf("  orders-service ready replicas with users-service gone: %s%n", ready);
            Check.require("2".equals(ready), "orders-service has " + ready + " ready replicas of 2 while users-service is gone");
            String read = ingress.get("/orders/" + orderId).toString();
            System.out.printf("  GET /orders/%d: 200 %s%n", orderId, read.length() > 80 ? read.substring(0, 80) + "..." : read);
            HttpResponse<String> write = ingress.http().send("POST", "/orders",
                    "{\"userId\":" + userId + ",\"items\":[{\"sku\":\"CHECK-2\",\"quantity\":1,\"unitPrice\":\"1.00\"}]}");
            String type = write.headers().firstValue("Content-Type").orElse("");
            System.out.printf("  POST /orders: %d %s%n", write.statusCode(), type);
            Check.require(write.statusCode() == 503 && type.startsWith("application/problem+json"),
                    "POST /orders without users-service answered " + write.statusCode() + " " + type);
        } finally {
            kubectl.run("scale", "deployment/users-service", "--replicas=2");
            kubectl.run("rollout", "status", "deployment/users-service", "--timeout=300s");
        }
        ingress.awaitAnswer("/users/" + userId, Duration.ofSeconds(60));
        ingress.delete("/users/" + userId);
    }
}
