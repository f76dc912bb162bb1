package microlab.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static microlab.launcher.Console.die;
import static microlab.launcher.Console.say;

/**
 * PostgreSQL on localhost: the one that answers on PGPORT, otherwise a private cluster started from the machine's
 * binaries (installed with apt-get when root), with the roles and databases the services need. What it starts
 * is written under pids/ (postgres.datadir, postgres.bindir), so that {@link #stopPrivate} stops that and never a
 * server it found running.
 */
final class Postgres {

    /** database -> the role that owns it (password = role name) */
    static final Map<String, String> DATABASES = owned("users", "orders", "forecast");

    private final Layout layout;
    private final int port;
    private final String superuser;
    private String psql;
    private List<String> psqlSuper;

    Postgres(Layout layout, Map<String, String> env) {
        this.layout = layout;
        this.port = Integer.parseInt(env.getOrDefault("PGPORT", "5432"));
        this.superuser = env.getOrDefault("PG_SUPERUSER", "postgres");
    }

    private static Map<String, String> owned(String... roles) {
        Map<String, String> databases = new LinkedHashMap<>();
        for (String role : roles) {
            databases.put(role, role);
            databases.put(role + "_test", role);
        }
        return databases;
    }

    int port() {
        return port;
    }

    /** Uses the server that answers, or starts a private one; then the roles and databases. True when it started one. */
    boolean ensure() {
        boolean started = false;
        if (answers()) {
            say("PostgreSQL answers on localhost:" + port + "; using it");
        } else if (Os.portOpen(port)) {
            throw die("port " + port + " is taken by " + Os.portOwner(port) + ", which does not answer like PostgreSQL; "
                    + "free it or set PGPORT to PostgreSQL's port.");
        } else {
            say("nothing answers on localhost:" + port);
            started = startPrivate();
        }
        ensureRolesAndDatabases();
        return started;
    }

    /** the newest server binaries folder: Debian's /usr/lib/postgresql/MAJOR/bin, else the one on PATH */
    static Optional<Path> binDir() {
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> majors = Files.list(debian)) {
                Optional<Path> newest = majors.map(dir -> dir.resolve("bin"))
                        .filter(bin -> Stream.of("initdb", "pg_ctl", "postgres").allMatch(t -> Files.isExecutable(bin.resolve(t))))
                        .max(Comparator.comparingInt(bin -> major(bin.getParent().getFileName().toString())));
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (java.io.IOException e) {
                // no readable Debian layout: PATH below
            }
        }
        return Os.which("pg_ctl").filter(ctl -> Os.onPath("initdb")).map(Path::getParent);
    }

    private static int major(String name) {
        return name.matches("\\d+") ? Integer.parseInt(name) : 0;
    }

    /** a client tool; the server's own folder first (Debian's /usr/bin ones go through a slower wrapper) */
    static Optional<String> tool(String name) {
        return binDir().map(dir -> dir.resolve(name)).filter(Files::isExecutable).or(() -> Os.which(name))
                .map(Path::toString);
    }

    /** true when PostgreSQL accepts connections; a server still starting up is given 30 s */
    boolean answers() {
        Optional<String> isready = tool("pg_isready");
        if (isready.isEmpty()) {
            return Os.portOpen(port);
        }
        for (int tries = 0; ; tries++) {
            int status = Os.run(List.of(isready.get(), "-q", "-h", "127.0.0.1", "-p", Integer.toString(port),
                    "-U", superuser, "-t", "3")).status();
            // 1 means "rejecting connections": starting up or shutting down
            if (status != 1 || tries >= 30) {
                return status == 0;
            }
            Os.sleep(1000);
        }
    }

    private boolean startPrivate() {
        Optional<Path> found = binDir();
        if (found.isEmpty()) {
            Apt.install(layout, "postgresql");
            // Debian's package may start a cluster of its own on 5432; if so, it is the machine's, not ours
            if (answers()) {
                say("PostgreSQL answers on localhost:" + port + " since the install; using it");
                return false;
            }
            found = binDir();
        }
        Path bin = found.orElseThrow(() -> die("PostgreSQL's server binaries are missing after apt-get install "
                + "postgresql; install them and run " + Console.name() + " again."));
        if (Os.isRoot() && !Os.run(List.of("id", "postgres")).ok()) {
            say("creating the system user postgres (PostgreSQL refuses to run as root)");
            if (!Os.run(List.of("useradd", "--system", "--user-group", "--home-dir", "/var/lib/postgresql",
                    "--shell", "/bin/sh", "postgres")).ok()) {
                throw die("could not create the user postgres; create it, or start PostgreSQL on localhost:" + port
                        + " yourself, then run " + Console.name() + " again.");
            }
        }
        Path base = privateBase();
        Path data = base.resolve("data");
        Path log = base.resolve("postgres.log");
        if (!Files.isRegularFile(data.resolve("PG_VERSION"))) {
            say("creating a private PostgreSQL cluster in " + data);
            // into a side folder first, so that an interrupted initdb never leaves a half-made cluster behind
            Path fresh = base.resolve("data.new");
            Os.run(List.of("rm", "-rf", fresh.toString()));
            Os.Result init = Os.run(Os.asPostgres(List.of(bin.resolve("initdb").toString(), "-D", fresh.toString(),
                    "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")), Map.of(), null, Path.of("/"));
            Os.write(base.resolve("initdb.log"), init.output());
            if (!init.ok()) {
                throw die("initdb failed (see " + base.resolve("initdb.log") + "); fix what it says or start "
                        + "PostgreSQL on localhost:" + port + " yourself.");
            }
            Os.run(List.of("rm", "-rf", data.toString()));
            Os.run(List.of("mv", fresh.toString(), data.toString()));
        }
        // A private server for local runs and tests: trust on 127.0.0.1 only, and no fsync, because its data is
        // disposable and waiting for the disk would only slow the tests down. A socket path longer than the
        // kernel's limit would stop the server; TCP alone is enough here.
        String socketDir = base.toString().length() < 90 ? base.toString() : "";
        // "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
        String[] words = Os.run(List.of(bin.resolve("postgres").toString(), "--version")).output().strip().split(" ");
        String version = words.length > 2 ? words[2] : "";
        say("starting a private PostgreSQL " + version + " on 127.0.0.1:" + port + " (data in " + data + ")");
        Os.Result start = Os.run(Os.asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(),
                "-l", log.toString(), "-w", "-t", "60", "-o", "-p " + port + " -c listen_addresses=127.0.0.1"
                        + " -c unix_socket_directories='" + socketDir + "' -c fsync=off", "start")), Map.of(), null, Path.of("/"));
        if (!start.ok()) {
            System.err.println(Os.tail(log, 20));
            throw die("the private PostgreSQL did not start (log above, full log in " + log + "); is port " + port
                    + " taken by something else?");
        }
        Os.write(layout.pids().resolve("postgres.datadir"), data + "\n");
        Os.write(layout.pids().resolve("postgres.bindir"), bin + "\n");
        Os.write(layout.pids().resolve("postgres.pid"),
                Os.read(data.resolve("postmaster.pid")).orElse("").lines().findFirst().orElse("") + "\n");
        return true;
    }

    /**
     * A folder the server's user can write: .run/postgres, or one under /var/lib/microlab (kept like any
     * database's data, never in /tmp) when that user cannot reach into the checkout (a checkout in a home folder
     * other users cannot enter); one folder a checkout.
     */
    private Path privateBase() {
        Path base = Os.mkdirs(layout.runDir().resolve("postgres"));
        if (Os.isRoot()) {
            Os.run(List.of("chown", "postgres:", base.toString()));
            if (!Os.run(List.of("runuser", "-u", "postgres", "--", "test", "-w", base.toString())).ok()) {
                CRC32 crc = new CRC32();
                crc.update(layout.runDir().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                base = Os.mkdirs(Path.of("/var/lib/microlab", "postgres-" + crc.getValue()));
                Os.run(List.of("chown", "postgres:", base.toString()));
                Os.run(List.of("chmod", "700", base.toString()));
            }
        }
        return base;
    }

    /** psql as a superuser: over TCP as PG_SUPERUSER (PGPASSWORD is honoured), else as the OS user postgres over its socket */
    private boolean findSuperuser() {
        psql = tool("psql").orElse(null);
        if (psql == null) {
            Apt.install(layout, "postgresql-client");
            psql = tool("psql").orElseThrow(() -> die("psql is missing; install PostgreSQL's client and run "
                    + Console.name() + " again."));
        }
        List<List<String>> ways = new ArrayList<>();
        ways.add(List.of(psql, "-X", "-w", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-U", superuser, "-d", "postgres"));
        if (Os.isRoot() && Os.run(List.of("id", "postgres")).ok()) {
            ways.add(List.of("runuser", "-u", "postgres", "--", psql, "-X", "-w", "-v", "ON_ERROR_STOP=1", "-p",
                    Integer.toString(port), "-d", "postgres"));
        }
        for (List<String> way : ways) {
            psqlSuper = way;
            Os.Result am = superSql("select rolsuper from pg_roles where rolname = current_user");
            if (am.ok() && am.output().strip().equals("t")) {
                return true;
            }
        }
        psqlSuper = null;
        return false;
    }

    private Os.Result superSql(String sql) {
        List<String> command = new ArrayList<>(psqlSuper);
        command.addAll(List.of("-Atq"));
        return Os.run(command, Map.of("PGCONNECT_TIMEOUT", "5"), sql, Path.of("/"));
    }

    /** "role@database (what the server said)" for each pair that cannot log in with password = role name */
    private String failingLogins() {
        List<String> failing = new ArrayList<>();
        DATABASES.forEach((db, role) -> {
            Map<String, String> env = new HashMap<>(Map.of("PGPASSWORD", role, "PGCONNECT_TIMEOUT", "5"));
            Os.Result login = Os.run(List.of(psql, "-X", "-w", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U",
                    role, "-d", db, "-Atqc", "select 1"), env, null, null);
            if (!login.ok()) {
                failing.add(role + "@" + db + " (" + login.output().replace('\n', ' ').replaceFirst("^psql: error: ", "")
                        .strip() + ")");
            }
        });
        return String.join("; ", failing);
    }

    private void ensureRolesAndDatabases() {
        if (!findSuperuser()) {
            String failing = failingLogins();
            if (failing.isEmpty()) {
                say("roles and databases are in place (no superuser access needed)");
                return;
            }
            throw die("cannot connect to PostgreSQL on localhost:" + port + " as a superuser (tried psql -h 127.0.0.1 -U "
                    + superuser + ", then the postgres OS user over the socket), and these logins fail: " + failing
                    + ". Set PG_SUPERUSER/PGPASSWORD to a superuser's, or create the roles (password = name) and "
                    + "databases yourself.");
        }
        String values = DATABASES.entrySet().stream().map(e -> "('" + e.getKey() + "', '" + e.getValue() + "')")
                .collect(Collectors.joining(", "));
        Os.Result missing = superSql("""
                SELECT string_agg(what, ', ') FROM (
                  SELECT 'role ' || r AS what FROM (SELECT DISTINCT o FROM (VALUES %1$s) v(d, o)) x(r)
                   WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r)
                  UNION ALL
                  SELECT 'database ' || d FROM (VALUES %1$s) v(d, o)
                   WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = d)) m;
                """.formatted(values));
        if (!missing.ok()) {
            throw die("could not read PostgreSQL's roles and databases on localhost:" + port + ": " + missing.output().strip());
        }
        if (!missing.output().isBlank()) {
            say("creating " + missing.output().strip());
        }
        Os.Result created = superSql("""
                SELECT format('CREATE ROLE %%I LOGIN PASSWORD %%L', r, r)
                  FROM (SELECT DISTINCT o FROM (VALUES %1$s) v(d, o)) x(r)
                 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) \\gexec
                SELECT format('CREATE DATABASE %%I OWNER %%I', d, o) FROM (VALUES %1$s) v(d, o)
                 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = d) \\gexec
                SELECT format('ALTER DATABASE %%I OWNER TO %%I', d, o) FROM (VALUES %1$s) v(d, o)
                  JOIN pg_database db ON db.datname = d
                 WHERE pg_get_userbyid(db.datdba) <> o \\gexec
                """.formatted(values));
        if (!created.ok()) {
            throw die("could not create the roles and databases on localhost:" + port + ": " + created.output().strip());
        }
        String failing = failingLogins();
        if (!failing.isEmpty()) {
            // a server at its connection limit refuses for a moment only
            Os.sleep(2000);
            failing = failingLogins();
        }
        if (!failing.isEmpty()) {
            throw die("these logins fail on localhost:" + port + " with password = role name: " + failing + ". If the "
                    + "server says so, allow password logins from 127.0.0.1 in pg_hba.conf, set each role's password to "
                    + "its name (ALTER ROLE users PASSWORD 'users'), or free connections.");
        }
        say("roles users, orders, forecast and their databases (and *_test) are ready");
    }

    /** Stops the private server pids/ records, if it runs; forgets it either way. */
    static void stopPrivate(Layout layout) {
        Path pids = layout.pids();
        Optional<String> data = Os.read(pids.resolve("postgres.datadir"));
        if (data.isEmpty()) {
            return;
        }
        String bin = Os.read(pids.resolve("postgres.bindir")).or(() -> binDir().map(Path::toString)).orElse("");
        long pid = Os.read(Path.of(data.get(), "postmaster.pid")).flatMap(s -> s.lines().findFirst())
                .filter(s -> s.matches("\\d+")).map(Long::parseLong).orElse(-1L);
        if (pid > 0 && Os.pidMatches(pid, "postgres")) {
            say("stopping the private PostgreSQL (data in " + data.get() + ")");
            Os.Result stop = Os.run(Os.asPostgres(List.of(bin + "/pg_ctl", "-D", data.get(), "-m", "fast", "-w", "-t", "30",
                    "stop")), Map.of(), null, Path.of("/"));
            if (!stop.ok()) {
                Console.warn("pg_ctl stop failed; stop it with: pg_ctl -D " + data.get() + " stop");
            }
        }
        Os.delete(pids.resolve("postgres.datadir"), pids.resolve("postgres.bindir"), pids.resolve("postgres.pid"));
    }
}
