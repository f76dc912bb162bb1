package microlab.e2e.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * bin/chaos: writes through the gateway from many clients ({@link Load}) while, one after another, each service is
 * killed with SIGKILL and started again, PostgreSQL is stopped for 10 s and Redis is stopped for 10 s ({@link Faults}).
 * Afterwards the databases are read directly ({@link Databases}): every acknowledged order and user must be there,
 * and no key may have made two orders. One table gives the result per fault ({@link Report}).
 *
 * Run through bin/chaos, against bin/up --detach. Linux only: processes are found and restarted from /proc. System
 * properties: chaos.root (the repository, whose .run/ bin/up fills), chaos.gateway, chaos.clients, chaos.pgport,
 * chaos.redisport. Exits 1 when anything was lost or duplicated or any request got a 500, 2 when a fault could not
 * be played out.
 */
public final class Chaos {

    static final Path ROOT = Path.of(System.getProperty("chaos.root", ".")).toAbsolutePath().normalize();
    static final String GATEWAY = System.getProperty("chaos.gateway", "http://127.0.0.1:8080");
    static final int PG_PORT = Integer.getInteger("chaos.pgport", 5432);
    static final int REDIS_PORT = Integer.getInteger("chaos.redisport", 6379);
    static final int CLIENTS = Integer.getInteger("chaos.clients", 8);
    static final String RUN_ID = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
    static final List<String> ALL_FAULTS = List.of("baseline", "users-service", "orders-service", "consumer-service",
            "forecast", "gateway", "postgres", "redis");

    private final Load load = new Load(GATEWAY, RUN_ID);
    private final Faults faults = new Faults(ROOT.resolve(".run"), PG_PORT, REDIS_PORT);
    private final List<Phase> phases = new ArrayList<>();

    private Chaos() {
    }

    static final String USAGE = """
            Usage: bin/chaos [FAULT...]

            Runs against the services of bin/up --detach on this machine (loopback only; a foreground bin/up
            would stop everything at the first killed service). %d clients write orders (each with an
            Idempotency-Key, retried with the same key after a 5xx, a timeout or a refused connection) and users
            through http://localhost:8080 while, in turn:

              baseline          nothing happens for 10 s
              users-service, orders-service, consumer-service, forecast, gateway
                                the service's JVM is killed with SIGKILL and started again at once, with the same
                                command line and environment (from /proc); its pid file is updated for bin/down
              postgres          the PostgreSQL server on :$PGPORT is stopped (fast shutdown) and started again
                                10 s later, as its owner (runuser when bin/chaos runs as root)
              redis             Redis on :$REDIS_PORT is shut down and started again 10 s later, with the first
                                one's configuration and pid file (so bin/down stops the new one)

            Then it reads the orders and users databases directly: every acknowledged order (its key and id)
            and user (its email) must be there, and no key may have made two orders. It prints one table:
            requests, acknowledged, lost, duplicates, 5xx by status, refused or timed-out attempts, the longest
            single request and how long after the fault writes succeeded again. It exits 1 when anything was
            lost or duplicated or any request got a 500. It takes about 25 s a fault, 4 minutes in all.

            FAULT names a subset, e.g. bin/chaos postgres redis.
            Environment: CHAOS_CLIENTS (default 8), PGPORT, REDIS_PORT.
            """;

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("-h") || List.of(args).contains("--help")) {
            System.out.printf(USAGE, CLIENTS);
            return;
        }
        String refused = refusal();
        if (refused != null) {
            System.err.println("bin/chaos: error: " + refused);
            System.exit(1);
        }
        new Chaos().run(args.length == 0 ? ALL_FAULTS : List.of(args));
    }

    /** why the suite cannot run here and now, or null: it needs Linux and all five services of a bin/up --detach */
    static String refusal() {
        if (!System.getProperty("os.name").equals("Linux")) {
            return "bin/chaos finds and restarts processes through /proc, which only Linux has.";
        }
        for (String service : ALL_FAULTS.subList(1, 6)) {
            Path pidFile = ROOT.resolve(".run/pids/" + service + ".pid");
            boolean alive;
            try {
                alive = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).map(ProcessHandle::isAlive).orElse(false);
            } catch (IOException | NumberFormatException e) {
                alive = false;
            }
            if (!alive) {
                return service + " is not running; start everything with bin/up --detach first.";
            }
        }
        boolean foreground = ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                .anyMatch(line -> line.contains("microlab.launcher.Main up") && !line.matches(".*\\s(-d|--detach)(\\s.*)?"));
        return foreground ? "bin/up is running in the foreground: it would stop everything when bin/chaos kills a service. "
                + "Stop it (Ctrl-C) and start bin/up --detach." : null;
    }

    void run(List<String> faultNames) throws Exception {
        load.activeUser = load.findActiveUser();
        System.out.printf("bin/chaos: run %s, %d clients writing through %s; faults: %s%n", RUN_ID, CLIENTS, GATEWAY,
                String.join(", ", faultNames));
        load.current = new Phase("warm-up");
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS, task -> {
            Thread thread = new Thread(task, "chaos-client");
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < CLIENTS; i++) {
            int client = i;
            pool.execute(() -> load.client(client));
        }
        Thread.sleep(2_000);
        for (String fault : faultNames) {
            Phase phase = new Phase(fault);
            phases.add(phase);
            load.current = phase;
            System.out.printf("bin/chaos: %-16s ", fault);
            Thread.sleep(3_000);
            long faultStart = System.nanoTime();
            phase.faultStart = faultStart;
            try {
                faults.play(fault, phase);
            } catch (Exception e) {
                System.out.printf("%nbin/chaos: the fault '%s' could not be played out: %s%n"
                        + "bin/chaos: check that the system is whole again (bin/down; bin/up --detach) before anything else.%n",
                        fault, e);
                System.exit(2);
            }
            phase.faultEnd = System.nanoTime();
            long recovered = load.awaitRecovery(phase, Faults.RECOVERY_LIMIT);
            System.out.printf("fault %.1f s, writes again %s%s%n", (phase.faultEnd - faultStart) / 1e9,
                    recovered < 0 ? "NOT within " + Faults.RECOVERY_LIMIT.toSeconds() + " s" : String.format("%.1f s after", recovered / 1e9),
                    phase.note.isEmpty() ? "" : " (" + phase.note + ")");
            Thread.sleep(3_000);
        }
        load.loading.set(false);
        pool.shutdown();
        if (!pool.awaitTermination(Load.GIVE_UP_AFTER.toSeconds() + 30, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
        Report report = new Report(phases, load.attempts, load.acks,
                Databases.verify(PG_PORT, RUN_ID, load.acks, phases));
        report.lines().forEach(System.out::println);
        if (report.failed()) {
            System.exit(1);
        }
    }
}
