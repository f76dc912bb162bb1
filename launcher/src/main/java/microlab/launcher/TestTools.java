package microlab.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static microlab.launcher.Console.die;
import static microlab.launcher.Console.say;

/**
 * What bin/test needs beside PostgreSQL and Redis: Chromium and ChromeDriver for the forecast page's browser test,
 * yamllint and kubectl for the deploy checks of the k8s module. Installs what apt-get can (as root); without
 * them the deploy checks are skipped, loudly, except under CI=true, where that fails. Prints the Maven arguments
 * that follow from it (-DskipDeployChecks), one a line.
 */
final class TestTools {

    static final String USAGE = """
            Usage: bin/test [--keep-infra] [MAVEN_ARGS...]

              1. makes sure PostgreSQL (localhost:5432) and Redis (localhost:6379) answer: uses running ones,
                 otherwise starts private ones (installing them with apt-get when root and missing), and
                 creates the roles users, orders, forecast and their databases (and *_test ones)
              2. installs Chromium and ChromeDriver when missing and root (the forecast page's browser test),
                 and yamllint (the deploy checks; they also need kubectl, and are skipped
                 with a warning where it is missing, except under CI=true)
              3. runs ./mvnw -B verify with MAVEN_ARGS appended, e.g. bin/test -pl users-service -am, and
                 -T 1C (a module a core at a time; MAVEN_ARGS' own -T wins, -T 1 for one at a time);
                 the services under test listen on random ports, so bin/test runs fine beside bin/up

            A PostgreSQL or Redis it had to start is stopped again at the end, unless --keep-infra
            (then bin/down stops it).
            """;

    private TestTools() {
    }

    static List<String> ensure(Layout layout, Map<String, String> env) {
        if (Os.onPath("chromium") && Os.onPath("chromedriver")) {
            say("Chromium and ChromeDriver are installed");
        } else if (Apt.canInstall()) {
            Apt.install(layout, true, "chromium", "chromium-driver");
        } else {
            Console.warn("Chromium or ChromeDriver is missing and " + Console.name() + " cannot install them (not root); "
                    + "the browser test will fail. Install chromium and chromium-driver (sudo apt-get install -y "
                    + "chromium chromium-driver).");
        }
        if (!Os.onPath("yamllint") && Apt.canInstall()) {
            Apt.install(layout, "yamllint");
        }
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("yamllint", "kubectl")) {
            if (!Os.onPath(tool)) {
                missing.add(tool);
            }
        }
        if (missing.isEmpty()) {
            say("kubectl and yamllint are installed: the deploy checks run");
            return List.of();
        }
        if ("true".equals(env.get("CI"))) {
            throw die("the deploy checks need " + String.join(" ", missing) + "; install them and run " + Console.name()
                    + " again.");
        }
        Console.warn(String.join(" ", missing) + " missing: the deploy checks of the k8s module are SKIPPED. Install "
                + "them to run those checks too.");
        return List.of("-DskipDeployChecks");
    }
}
