package microlab.e2e.compose;

import microlab.e2e.Exec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The docker CLI and the compose command the run uses, for one compose project. */
final class Docker {

    /** A step's failure, with the sentence that says what was wrong. */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }
    }

    private final List<String> compose;
    private final String project;

    /** compose: the command that runs compose with its file (docker compose -f ..., or docker-compose -f ...). */
    Docker(List<String> compose, String project) {
        this.compose = List.copyOf(compose);
        this.project = project;
    }

    String project() {
        return project;
    }

    /** docker ARGS; a non-zero exit is a failure with what docker said. */
    String docker(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        return run(command);
    }

    /** The compose command with ARGS; a non-zero exit is a failure with what it said. */
    String compose(String... args) {
        return run(composeCommand(args));
    }

    /** The compose command with ARGS, not run. */
    List<String> composeCommand(String... args) {
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of(args));
        return command;
    }

    /** The ids of a compose service's containers. */
    List<String> containersOf(String service) {
        return compose("ps", "-q", service).lines().filter(l -> !l.isBlank()).toList();
    }

    /** The ids of every container of the project. */
    List<String> projectContainers() {
        return docker("ps", "-aq", "--filter", "label=com.docker.compose.project=" + project).lines().filter(l -> !l.isBlank()).toList();
    }

    String inspect(String format, String container) {
        return docker("inspect", "-f", format, container).strip();
    }

    String name(String container) {
        return inspect("{{.Name}}", container).replaceFirst("^/", "");
    }

    /** healthy, unhealthy, starting; a container without a healthcheck: its state (running, exited); gone. */
    String health(String container) {
        try {
            return inspect("{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}", container);
        } catch (Failure e) {
            return "gone";
        }
    }

    /** Until every container's healthcheck passes; fails after limit, naming those that did not. */
    void awaitHealthy(Duration limit, List<String> containers) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            List<String> pending = containers.stream().filter(c -> !health(c).equals("healthy")).toList();
            if (pending.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new Failure("not healthy within " + limit.toSeconds() + " s: "
                        + String.join(", ", pending.stream().map(c -> name(c) + " " + health(c)).toList()));
            }
            Thread.sleep(1000);
        }
    }

    private static String run(List<String> command) {
        Exec done = Exec.run(command);
        if (!done.ok()) {
            throw new Failure(String.join(" ", command) + " failed (exit " + done.exit() + "): " + done.output().strip());
        }
        return done.output();
    }
}
