package microlab.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static microlab.deploy.WiringTest.assertHas;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * compose against Kubernetes, and yamllint over both. What compose alone does (the file parses, only the
 * gateway publishes a port, every address names a service, the healthchecks pass, the images can be
 * replaced) is shown by the real run of compose/docker-e2e.sh in CI, not checked here.
 */
class ComposeTest {

    private static final String INIT_SCRIPT = Repository.read(Repository.ROOT.resolve("compose/postgres-init/10-databases.sh"));

    @Test
    void yamllintPassesOnComposeAndKubernetesFiles() {
        Tool.Result result = Tool.run(Repository.ROOT, "yamllint", "--strict", "-c", ".yamllint", "compose", "k8s", ".yamllint");
        assertEquals(0, result.exitCode(), result.output());
    }

    @Test
    void yamllintCatchesABrokenIndentInACopy(@TempDir Path tmp) {
        Path copy = tmp.resolve("gateway.yaml");
        Repository.write(copy, Repository.replaceOnce(Repository.read(Repository.BASE.resolve("gateway.yaml")),
                "  type: ClusterIP\n", "   type: ClusterIP\n"));
        Tool.Result result = Tool.run(Repository.ROOT, "yamllint", "--strict", "-c", ".yamllint", copy.toString());
        assertNotEquals(0, result.exitCode(), result.output());
    }

    @Test
    void composeAndKubernetesAgree() {
        assertEquals(List.of(), Agreement.composeVersusKubernetes(Compose.real(), Rendered.kindCluster(), INIT_SCRIPT));
    }

    @Test
    void differentImageIsReported() {
        Compose compose = Compose.real();
        compose.service("gateway").put("image", "microlab/gateway:0.2.0");

        assertHas(Agreement.composeVersusKubernetes(compose, Rendered.kindCluster(), INIT_SCRIPT),
                "gateway: image microlab/gateway:0.2.0 in compose, microlab/gateway:0.1.0 in Kubernetes");
    }

    @Test
    void environmentVariableOnlyOnOneSideIsReported() {
        Compose compose = Compose.real();
        @SuppressWarnings("unchecked")
        Map<String, Object> env = (Map<String, Object>) compose.service("consumer-service").get("environment");
        env.put("MICRONAUT_HTTP_SERVICES_USER_URL", env.remove("MICRONAUT_HTTP_SERVICES_USERS_URL"));

        assertHas(Agreement.composeVersusKubernetes(compose, Rendered.kindCluster(), INIT_SCRIPT),
                "consumer-service: environment [JAVA_OPTS, MICRONAUT_HTTP_SERVICES_USER_URL] in compose");
    }

    @Test
    void serviceOnlyInComposeIsReported() {
        Compose compose = Compose.real();
        compose.services().put("adminer", Map.of("image", "adminer"));

        assertHas(Agreement.composeVersusKubernetes(compose, Rendered.kindCluster(), INIT_SCRIPT),
                "compose services [adminer, client");
    }

    @Test
    void initScriptThatDriftedFromComposeIsReported() {
        assertHas(Agreement.composeVersusKubernetes(Compose.real(), Rendered.kindCluster(), INIT_SCRIPT + "\nCREATE DATABASE x;"),
                "the ConfigMap postgres-init differs from compose/postgres-init/10-databases.sh");
    }

    @Test
    void containerWithAWritableRootIsReported() {
        Compose compose = Compose.real();
        compose.service("orders-service").put("read_only", false);

        assertHas(Agreement.composeVersusKubernetes(compose, Rendered.kindCluster(), INIT_SCRIPT),
                "orders-service: a read-only root in Kubernetes, compose lacks read_only: true");
    }

    @Test
    void containerAsAnotherUserWithCapabilitiesAndEscalationIsReported() {
        Compose compose = Compose.real();
        Map<String, Object> gateway = compose.service("gateway");
        gateway.put("user", "0:0");
        gateway.put("cap_drop", List.of("NET_RAW"));
        gateway.put("security_opt", List.of());

        List<String> problems = Agreement.composeVersusKubernetes(compose, Rendered.kindCluster(), INIT_SCRIPT);
        assertHas(problems, "gateway: runs as 10001:10001 in Kubernetes, compose has user 0:0");
        assertHas(problems, "gateway: drops ALL capabilities in Kubernetes, compose lacks cap_drop: [ALL]");
        assertHas(problems, "gateway: no privilege escalation in Kubernetes, compose lacks security_opt no-new-privileges:true");
    }

    @Test
    void missingTmpfsAndAnotherMemoryLimitAreReported() {
        Compose compose = Compose.real();
        Map<String, Object> forecast = compose.service("forecast");
        forecast.remove("tmpfs");
        forecast.put("deploy", Map.of("resources", Map.of("limits", Map.of("memory", "1G"))));

        List<String> problems = Agreement.composeVersusKubernetes(compose, Rendered.kindCluster(), INIT_SCRIPT);
        assertHas(problems, "forecast: memory limit 1073741824 bytes in compose, 1610612736 in Kubernetes");
        assertHas(problems, "forecast: a writable /tmp in Kubernetes, compose has no tmpfs /tmp");
    }
}
