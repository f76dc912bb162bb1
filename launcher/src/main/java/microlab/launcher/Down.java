package microlab.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static microlab.launcher.Console.die;
import static microlab.launcher.Console.say;

/**
 * bin/down: stops what bin/up and bin/test started, the five services, then the private PostgreSQL and Redis. A
 * PostgreSQL or Redis that was already running when they started is left alone.
 */
final class Down {

    static final String USAGE = """
            Usage: bin/down [--keep-infra]

            Stops the services bin/up started (TERM, then KILL after DOWN_TIMEOUT seconds, default 20; one
            that is writing the AOT cache it trained gets AOT_WRITE_TIMEOUT seconds, default 120),
            then the PostgreSQL and Redis that bin/up or bin/test started privately (pid files in .run/pids/).
            Servers that were already running before are never touched.

              --keep-infra   stop only the services; keep the private PostgreSQL and Redis running
            """;

    private final Layout layout;
    private final Map<String, String> env;

    Down(Layout layout, Map<String, String> env) {
        this.layout = layout;
        this.env = env;
    }

    int run(List<String> args) {
        boolean keepInfra = false;
        for (String arg : args) {
            switch (arg) {
                case "-h", "--help" -> {
                    System.out.print(USAGE);
                    return 0;
                }
                case "--keep-infra" -> keepInfra = true;
                default -> throw die("unknown argument '" + arg + "'; see bin/down --help.");
            }
        }
        // a foreground bin/up watching its services sees this and leaves quietly instead of reporting a crash
        Path marker = Os.mkdirs(layout.pids()).resolve("stopping");
        Os.write(marker, "");
        try {
            Duration timeout = Duration.ofSeconds(Long.parseLong(env.getOrDefault("DOWN_TIMEOUT", "20")));
            Duration aotWrite = Duration.ofSeconds(Long.parseLong(env.getOrDefault("AOT_WRITE_TIMEOUT", "120")));
            boolean stopped = new ServiceProcesses(layout, new AotCache(layout, false)).stopAll(timeout, aotWrite);
            if (!keepInfra) {
                stopped |= Infra.stopPrivate(layout);
            }
            if (stopped) {
                say("stopped");
            } else if (keepInfra) {
                say("nothing to stop: no service started by bin/up is running");
            } else {
                say("nothing to stop: no service or private server started by bin/up or bin/test is running");
            }
            return 0;
        } finally {
            Os.delete(marker);
        }
    }
}
