package microlab.launcher;

import java.util.Map;

/**
 * PostgreSQL and Redis for bin/up, bin/test and the benches: the ones that answer, otherwise private ones.
 * {@link #stopStarted} stops what this run started and nothing it found running.
 */
final class Infra {

    private final Layout layout;
    private final Postgres postgres;
    private final Redis redis;
    private boolean startedPostgres;
    private boolean startedRedis;

    Infra(Layout layout, Map<String, String> env) {
        this.layout = layout;
        this.postgres = new Postgres(layout, env);
        this.redis = new Redis(layout, env);
    }

    Infra ensure() {
        startedPostgres = postgres.ensure();
        startedRedis = redis.ensure();
        return this;
    }

    boolean startedPostgres() {
        return startedPostgres;
    }

    boolean startedRedis() {
        return startedRedis;
    }

    int postgresPort() {
        return postgres.port();
    }

    int redisPort() {
        return redis.port();
    }

    void stopStarted() {
        if (startedRedis) {
            Redis.stopPrivate(layout);
        }
        if (startedPostgres) {
            Postgres.stopPrivate(layout);
        }
    }

    /** bin/down: whatever private server bin/up or bin/test left running. True when there was one. */
    static boolean stopPrivate(Layout layout) {
        boolean any = java.nio.file.Files.exists(layout.pids().resolve("redis.pid"))
                || java.nio.file.Files.exists(layout.pids().resolve("postgres.datadir"));
        Redis.stopPrivate(layout);
        Postgres.stopPrivate(layout);
        return any;
    }
}
