package microlab.e2e.cluster;

import microlab.e2e.Exec;

import java.util.ArrayList;
import java.util.List;

/**
 * network-policies: connections the policies deny are refused (a pod without an allowed label to PostgreSQL,
 * users-service and the gateway; consumer-service to PostgreSQL; the client to Redis) while the allowed ones connect
 * (users-service to PostgreSQL, the client and orders-service to users-service). Without a policy engine the denied
 * ones connect: it fails.
 */
record NetworkPolicies(Kubectl kubectl, String mark) implements Check {

    @Override
    public void run() {
        // a probe pod with labels no policy allows anything for, restricted like every pod here
        String intruder = "probe-" + mark;
        String image = kubectl.run("get", "deployment/client", "-o", "jsonpath={.spec.template.spec.containers[0].image}").strip();
        String overrides = """
                {"spec":{"securityContext":{"runAsNonRoot":true,"runAsUser":10001,"seccompProfile":{"type":"RuntimeDefault"}},
                 "containers":[{"name":"%s","image":"%s","command":["sleep","600"],
                 "securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]}}}]}}"""
                .formatted(intruder, image);
        kubectl.run("run", intruder, "--image=" + image, "--restart=Never",
                "--labels=app.kubernetes.io/name=" + intruder, "--overrides=" + overrides);
        try {
            kubectl.run("wait", "--for=condition=Ready", "pod/" + intruder, "--timeout=120s");
            List<String> problems = new ArrayList<>();
            String pod = "pod/" + intruder;
            probe(problems, pod, "postgres", 5432, false);
            probe(problems, pod, "users-service", 8081, false);
            probe(problems, pod, "gateway", 8080, false);
            probe(problems, "deployment/consumer-service", "postgres", 5432, false);
            probe(problems, "deployment/client", "redis", 6379, false);
            probe(problems, "deployment/users-service", "postgres", 5432, true);
            probe(problems, "deployment/client", "users-service", 8081, true);
            probe(problems, "deployment/orders-service", "users-service", 8081, true);
            Check.require(problems.isEmpty(), String.join("; ", problems));
        } finally {
            kubectl.run("delete", "pod", intruder, "--wait=false", "--ignore-not-found");
        }
    }

    /**
     * Opens a TCP connection from FROM to HOST:PORT with curl: exit 7 (refused) or 28 (no answer in 3 s) means the
     * connection was not made; any other ending (an HTTP status, or a server that is not HTTP hanging up: 1, 8, 52,
     * 56) means it was. A failed name lookup (6) is neither.
     */
    private void probe(List<String> problems, String from, String host, int port, boolean allowed) {
        Exec r = kubectl.status("exec", from, "--", "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "--connect-timeout", "3", "--max-time", "6", "http://" + host + ":" + port + "/");
        String outcome = switch (r.exit()) {
            case 7, 28 -> "refused";
            case 6 -> "no such name";
            case 0, 1, 8, 52, 56 -> "connected";
            default -> "curl exit " + r.exit();
        };
        boolean ok = allowed ? outcome.equals("connected") : outcome.equals("refused");
        System.out.printf("  %-32s -> %s:%d  %s (%s)%s%n", from, host, port, outcome, allowed ? "allowed" : "denied", ok ? "" : "  <- wrong");
        if (!ok) {
            problems.add(from + " -> " + host + ":" + port + " " + outcome + ", should be " + (allowed ? "connected" : "refused"));
        }
    }
}
