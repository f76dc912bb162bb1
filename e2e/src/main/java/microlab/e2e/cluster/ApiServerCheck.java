package microlab.e2e.cluster;

import microlab.e2e.Exec;
import microlab.e2e.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * .ci/kind/apiserver-check.sh: every overlay against a real API server. Starts etcd and kube-apiserver on loopback,
 * installs the Gateway API CRDs, creates namespace microlab as k8s/base/namespace.yaml labels it (Pod Security enforce
 * and warn: restricted) and applies each overlay with {@code kubectl apply --server-side --dry-run=server}. Fails on
 * any refusal and on any warning (Pod Security warns about a pod template it would refuse); first it shows that a pod
 * template running as root is warned about, so the check can fail. Stops what it started, also on failure.
 * <p>
 * Usage: {@code ApiServerCheck --bin DIR (kube-apiserver and kubectl) --etcd FILE --crds DIR [--etcd-port 23790]
 * [--api-port 26443]} (run from the repository root).
 */
public final class ApiServerCheck {

    private static final String ROOT_POD = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: runs-as-root, namespace: microlab}
            spec:
              selector: {matchLabels: {app: runs-as-root}}
              template:
                metadata: {labels: {app: runs-as-root}}
                spec: {containers: [{name: c, image: x}]}
            """;

    private final Path work;
    private final String kubectl;
    private final Path kubeconfig;

    private ApiServerCheck(Path work, String kubectl) {
        this.work = work;
        this.kubectl = kubectl;
        this.kubeconfig = work.resolve("kubeconfig");
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path bin = null;
        String etcd = null;
        String crds = null;
        int etcdPort = 23790;
        int apiPort = 26443;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bin" -> bin = Path.of(args[++i]);
                case "--etcd" -> etcd = args[++i];
                case "--crds" -> crds = args[++i];
                case "--etcd-port" -> etcdPort = Integer.parseInt(args[++i]);
                case "--api-port" -> apiPort = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (bin == null || etcd == null || crds == null) {
            throw new IllegalArgumentException("--bin, --etcd and --crds are needed");
        }
        Path work = TempDir.create("microlab-apiserver");
        List<Process> started = new ArrayList<>();
        boolean ok = false;
        try {
            ApiServerCheck check = new ApiServerCheck(work, bin.resolve("kubectl").toString());
            String etcdUrl = "http://127.0.0.1:" + etcdPort;
            started.add(start(work.resolve("etcd.log"), etcd, "--data-dir", work.resolve("etcd").toString(), "--listen-client-urls",
                    etcdUrl, "--advertise-client-urls", etcdUrl, "--listen-peer-urls", "http://127.0.0.1:0"));
            Exec.check("openssl", "genrsa", "-out", work.resolve("sa.key").toString(), "2048");
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            String token = HexFormat.of().formatHex(random);
            Files.writeString(work.resolve("tokens.csv"), token + ",admin,admin,system:masters\n");
            String apiserver = bin.resolve("kube-apiserver").toString();
            String key = work.resolve("sa.key").toString();
            started.add(start(work.resolve("apiserver.log"), apiserver, "--etcd-servers", etcdUrl, "--bind-address", "127.0.0.1",
                    "--secure-port", Integer.toString(apiPort), "--cert-dir", work.resolve("certs").toString(),
                    "--token-auth-file", work.resolve("tokens.csv").toString(), "--authorization-mode", "RBAC",
                    "--service-account-issuer", "https://kubernetes.default.svc", "--service-account-key-file", key,
                    "--service-account-signing-key-file", key, "--service-cluster-ip-range", "10.96.0.0/16"));
            Files.writeString(check.kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: check, cluster: {server: "https://127.0.0.1:%d", insecure-skip-tls-verify: true}}]
                    users: [{name: admin, user: {token: "%s"}}]
                    contexts: [{name: check, context: {cluster: check, user: admin}}]
                    current-context: check
                    """.formatted(apiPort, token));
            check.awaitReady();
            say("kube-apiserver " + Exec.check(apiserver, "--version").strip().replaceFirst("^Kubernetes ", "") + " with "
                    + Exec.check(etcd, "--version").lines().findFirst().orElse("etcd") + " ready on 127.0.0.1:" + apiPort);
            ok = check.run(crds);
        } catch (Exec.Failed | Check.Failure e) {
            say(e.getMessage());
        } finally {
            started.forEach(Process::destroy);
            for (Process p : started) {
                p.waitFor();
            }
            TempDir.delete(work);
        }
        System.exit(ok ? 0 : 1);
    }

    private boolean run(String crds) throws IOException {
        kubectl("apply", "--server-side", "-f", crds);
        kubectl("wait", "--for", "condition=Established", "crd", "--all", "--timeout=60s");
        kubectl("apply", "--server-side", "-f", "k8s/base/namespace.yaml");
        kubectl("create", "namespace", "traefik");
        say("namespace microlab: " + kubectl("get", "namespace", "microlab", "-o", "jsonpath={.metadata.labels}"));

        // the check itself: a pod template the restricted standard refuses is warned about, and counted
        Path rootPod = work.resolve("root-pod.yaml");
        Files.writeString(rootPod, ROOT_POD);
        Exec warned = dryRun("-f", rootPod.toString());
        Check.require(warned.output().toLowerCase().matches("(?s).*warning.*restricted.*"),
                "a pod template running as root was not warned about, the check could not fail: " + warned.output());
        say("a pod template running as root is warned about (the check can fail)");

        boolean ok = true;
        List<Path> targets = new ArrayList<>();
        try (Stream<Path> overlays = Files.list(Path.of("k8s/overlays"))) {
            overlays.sorted().forEach(targets::add);
        }
        targets.add(Path.of("k8s/traefik"));
        for (Path target : targets) {
            if (!Files.exists(target.resolve("kustomization.yaml"))) {
                continue;
            }
            Exec applied = dryRun("-k", target.toString());
            List<String> said = complaints(applied.output());
            if (applied.ok() && said.stream().noneMatch(l -> l.toLowerCase().contains("warning"))) {
                say(target + ": " + applied.output().lines().count() + " objects accepted, no warning");
            } else {
                say(target + ": REFUSED or warned:");
                said.forEach(System.out::println);
                ok = false;
            }
        }
        say(ok ? "every overlay is accepted by the API server" : "an overlay was refused or warned about (above)");
        return ok;
    }

    /**
     * What kubectl apply said besides its one line per object applied: warnings and refusals (stderr, which comes
     * mixed into the output here).
     */
    static List<String> complaints(String output) {
        return output.lines().filter(l -> !l.matches("^\\S+ serverside-applied \\(server dry run\\)$")).toList();
    }

    private Exec dryRun(String... what) {
        List<String> command = new ArrayList<>(List.of(kubectl, "--kubeconfig", kubeconfig.toString(), "apply", "--server-side",
                "--dry-run=server"));
        command.addAll(List.of(what));
        return Exec.run(command);
    }

    private String kubectl(String... args) {
        List<String> command = new ArrayList<>(List.of(kubectl, "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        return Exec.check(command);
    }

    private void awaitReady() throws IOException, InterruptedException {
        for (int i = 0; i < 120; i++) {
            if (Exec.run(kubectl, "--kubeconfig", kubeconfig.toString(), "get", "--raw", "/readyz").ok()) {
                return;
            }
            Thread.sleep(500);
        }
        for (String log : List.of("apiserver.log", "etcd.log")) {
            List<String> lines = Files.readAllLines(work.resolve(log));
            System.out.printf("---- last lines of %s ----%n", log);
            lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(System.out::println);
        }
        throw new Check.Failure("the API server did not become ready within 60 s");
    }

    private static Process start(Path log, String... command) {
        return Exec.background(Path.of("."), log, Map.of(), List.of(command));
    }

    private static void say(String line) {
        System.out.println(".ci/kind/apiserver-check: " + line);
    }
}
