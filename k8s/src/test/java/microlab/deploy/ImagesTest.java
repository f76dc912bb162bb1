package microlab.deploy;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static microlab.deploy.WiringTest.assertHas;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ImagesTest {

    private static final List<String> MODULES = Images.modules(Repository.read(Repository.ROOT.resolve("pom.xml")));
    private static final String DOCKERIGNORE = Repository.read(Repository.ROOT.resolve(".dockerignore"));
    private static final String JKUBE_INCLUDE = Repository.read(Repository.ROOT.resolve(".jkube-dockerinclude"));
    private static final String DOCKERFILE = Images.realDockerfile();

    @Test
    void theReactorHasTheFourLibrariesAndTheFiveApplications() {
        assertEquals(List.of("observability", "http-problem", "optional-redis", "users-service", "orders-service", "consumer-service", "gateway",
                "forecast/models", "forecast"), MODULES);
    }

    @Test
    void dockerignoreLetsEveryModuleInWithoutWildcardExceptions() {
        assertEquals(List.of(), Images.dockerignoreProblems(DOCKERIGNORE, MODULES));
    }

    @Test
    void jkubeSendsTheContextDockerignoreLetsIn() {
        assertEquals(List.of(), Images.jkubeIncludeProblems(DOCKERIGNORE, JKUBE_INCLUDE));
    }

    @Test
    void jkubeIncludeThatDriftedFromDockerignoreIsReported() {
        String drifted = Repository.replaceOnce(JKUBE_INCLUDE, "gateway/src/**\n", "README.md\n");

        List<String> problems = Images.jkubeIncludeProblems(DOCKERIGNORE, drifted);
        assertHas(problems, ".jkube-dockerinclude: gateway/src/** is missing");
        assertHas(problems, ".jkube-dockerinclude: README.md is not among");
    }

    @Test
    void wildcardExceptionIsReported() {
        String broken = Repository.replaceOnce(DOCKERIGNORE, "!gateway/src/\n", "!*/src/\n");

        List<String> problems = Images.dockerignoreProblems(broken, MODULES);
        assertHas(problems, "!*/src/ is an exception with a wildcard");
        assertHas(problems, "!gateway/src/ is missing");
    }

    @Test
    void newModuleMissingFromDockerignoreIsReported() {
        assertHas(Images.dockerignoreProblems(DOCKERIGNORE, List.of("http-problem", "billing-service")),
                "!billing-service/pom.xml is missing");
    }

    @Test
    void theOneDockerfileBuildsEveryModuleAndEveryServiceHasItsSettings() {
        assertEquals(List.of(), problems(DOCKERFILE, Images.realSettings(), Compose.real()));
    }

    @Test
    void literalBaseImageIsReported() {
        String literal = Repository.replaceOnce(DOCKERFILE, "FROM ${RUNTIME_IMAGE}", "FROM eclipse-temurin:21-jre-noble");

        assertHas(problems(literal, Images.realSettings(), Compose.real()), "Dockerfile: FROM eclipse-temurin:21-jre-noble cannot be replaced");
    }

    @Test
    void buildStageThatLeavesAModuleOutIsReported() {
        String drifted = Repository.replaceOnce(DOCKERFILE, "COPY --from=context /src/gateway/src gateway/src\n", "");

        assertHas(problems(drifted, Images.realSettings(), Compose.real()), "Dockerfile: the build stage does not copy gateway/src");
    }

    @Test
    void settingsWithoutTheirFlagsOrWithAnotherPortAreReported() {
        Map<String, String> settings = new LinkedHashMap<>(Images.realSettings());
        settings.put("gateway", Repository.replaceOnce(settings.get("gateway"), "JAVA_FLAGS=", "FLAGS="));
        settings.put("forecast", Repository.replaceOnce(settings.get("forecast"), "PORT=8084", "PORT=8085"));

        List<String> problems = problems(DOCKERFILE, settings, Compose.real());
        assertHas(problems, "gateway/src/image/settings.sh: JAVA_FLAGS is not set");
        assertHas(problems, "forecast/src/image/settings.sh: PORT is not 8084, the port of its application.yml");
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeBuildingAServiceWithoutNamingItIsReported() {
        Compose compose = Compose.real();
        Map<String, Object> build = (Map<String, Object>) compose.service("orders-service").get("build");
        ((Map<String, Object>) build.get("args")).put("SERVICE", "users-service");

        assertHas(problems(DOCKERFILE, Images.realSettings(), compose), "compose.yaml: orders-service is not built from the Dockerfile with SERVICE: orders-service");
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeDefaultThatDiffersFromTheDockerfileIsReported() {
        Compose compose = Compose.real();
        ((Map<String, Object>) compose.root.get("x-build-args")).put("JDK_IMAGE", "${JDK_IMAGE:-eclipse-temurin:21-jdk-noble}");

        assertHas(problems(DOCKERFILE, Images.realSettings(), compose),
                "Dockerfile: ARG JDK_IMAGE defaults to eclipse-temurin:25-jdk-noble, compose to eclipse-temurin:21-jdk-noble");
    }

    private static List<String> problems(String dockerfile, Map<String, String> settings, Compose compose) {
        return Images.dockerfileProblems(dockerfile, settings, Applications.ports(), MODULES, compose);
    }
}
