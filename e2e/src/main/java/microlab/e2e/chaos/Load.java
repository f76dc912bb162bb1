package microlab.e2e.chaos;

import microlab.e2e.Http;

import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The clients' writes through the gateway, as a careful client makes them: an order carries an Idempotency-Key and
 * is retried with the same key after a 5xx, a timeout or a refused connection; a user is retried with the same email.
 * Every attempt and every acknowledged write is kept, under the phase that was current when its write began.
 */
final class Load {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration GIVE_UP_AFTER = Duration.ofSeconds(90);
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    /** What a write's answer means to the client: done, refused for good, or worth another attempt. */
    enum Outcome { ACKNOWLEDGED, REFUSED, RETRY }

    final Http gateway;
    final String runId;
    final AtomicBoolean loading = new AtomicBoolean(true);
    final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    volatile Phase current;
    long activeUser;

    Load(String gateway, String runId) {
        this.gateway = new Http(gateway, REQUEST_TIMEOUT, CONNECT_TIMEOUT);
        this.runId = runId;
    }

    void client(int client) {
        long n = 0;
        while (loading.get()) {
            n++;
            Phase phase = current;
            try {
                if (n % 10 == 3) {
                    get(phase, "/summary");
                } else if (n % 10 == 7) {
                    get(phase, "/forecast/BTC?model=naive&horizon=7");
                } else if (n % 5 == 0) {
                    createUser(phase, "chaos-" + runId + "-" + client + "-" + n + "@example.org");
                } else {
                    createOrder(phase, runId + "-" + client + "-" + n);
                }
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void createOrder(Phase phase, String key) throws InterruptedException {
        String body = "{\"userId\":" + activeUser + ",\"items\":[{\"sku\":\"CH-" + key + "\",\"quantity\":1,\"unitPrice\":\"1.00\"}]}";
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        while (System.nanoTime() < deadline) {
            Result result = post(phase, "/orders", body, key);
            switch (orderOutcome(result.status)) {
                case ACKNOWLEDGED -> {
                    acks.add(new Ack(phase, "order", key, idOf(result.body), null));
                    return;
                }
                case REFUSED -> {
                    System.out.printf("%nbin/chaos: order %s refused with %d: %s%n", key, result.status, result.body);
                    return;
                }
                case RETRY -> pause();
            }
        }
    }

    void createUser(Phase phase, String email) throws InterruptedException {
        String body = "{\"name\":\"Chaos Client\",\"email\":\"" + email + "\"}";
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        boolean sentBefore = false;
        while (System.nanoTime() < deadline) {
            Result result = post(phase, "/users", body, null);
            switch (userOutcome(result.status, sentBefore)) {
                case ACKNOWLEDGED -> {
                    acks.add(new Ack(phase, "user", null, -1, email));
                    return;
                }
                case REFUSED -> {
                    System.out.printf("%nbin/chaos: user %s refused with %d: %s%n", email, result.status, result.body);
                    return;
                }
                case RETRY -> {
                    sentBefore = true;
                    pause();
                }
            }
        }
    }

    /** An order: 200 or 201 is done; another 4xx but 408, 409 (the key's first request still running) and 429 is final. */
    static Outcome orderOutcome(int status) {
        if (status == 201 || status == 200) {
            return Outcome.ACKNOWLEDGED;
        }
        if (status >= 400 && status < 500 && status != 409 && status != 429 && status != 408) {
            return Outcome.REFUSED;
        }
        return Outcome.RETRY;
    }

    /**
     * A user: 201 is done, and so is a 409 after an attempt whose outcome we never heard (that attempt created the
     * user); another 4xx but 408 and 429 is final.
     */
    static Outcome userOutcome(int status, boolean sentBefore) {
        if (status == 201 || (status == 409 && sentBefore)) {
            return Outcome.ACKNOWLEDGED;
        }
        if (status >= 400 && status < 500 && status != 429 && status != 408) {
            return Outcome.REFUSED;
        }
        return Outcome.RETRY;
    }

    /** The first "id" number of a JSON answer; -1 when there is none. */
    static long idOf(String body) {
        Matcher id = ID.matcher(body);
        return id.find() ? Long.parseLong(id.group(1)) : -1;
    }

    static void pause() throws InterruptedException {
        Thread.sleep(200 + ThreadLocalRandom.current().nextInt(300));
    }

    record Result(int status, String body) {
    }

    /** A read: one attempt, no retry; it counts in the table but acknowledges nothing. */
    void get(Phase phase, String path) {
        send(phase, "GET", path, null);
    }

    Result post(Phase phase, String path, String body, String key) {
        return send(phase, "POST", path, body, key == null ? new String[0] : new String[] {"Idempotency-Key", key});
    }

    Result send(Phase phase, String method, String path, String body, String... headers) {
        long start = System.nanoTime();
        int status;
        String text = "";
        try {
            HttpResponse<String> response = gateway.send(method, path, body, headers);
            status = response.statusCode();
            text = response.body();
        } catch (Http.Unreachable e) {
            status = e.getCause() instanceof HttpTimeoutException ? Attempt.TIMED_OUT : Attempt.REFUSED;
        }
        long end = System.nanoTime();
        attempts.add(new Attempt(phase, end, end - start, status));
        return new Result(status, text);
    }

    /** The id of one active user, whom the orders are for. */
    long findActiveUser() {
        HttpResponse<String> response = gateway.get("/users?active=true&size=1");
        long id = idOf(response.body());
        if (response.statusCode() != 200 || id < 0) {
            throw new IllegalStateException("GET /users?active=true through " + gateway.base() + " gave " + response.statusCode()
                    + "; is bin/up --detach running?");
        }
        return id;
    }

    /** Nanoseconds from the fault's end to the first acknowledged write that started after it; -1 if none came in time. */
    long awaitRecovery(Phase phase, Duration limit) throws InterruptedException {
        long deadline = phase.faultEnd + limit.toNanos();
        while (System.nanoTime() < deadline) {
            long recovered = recovered(attempts, phase);
            if (recovered >= 0) {
                return recovered;
            }
            Thread.sleep(100);
        }
        return -1;
    }

    /** Nanoseconds from the phase's fault end to the first successful attempt of the phase begun after it; -1 if none. */
    static long recovered(Iterable<Attempt> attempts, Phase phase) {
        for (Attempt a : attempts) {
            if (a.phase() == phase && a.endNanos() > phase.faultEnd && a.succeeded()
                    && a.endNanos() - a.nanos() > phase.faultEnd) {
                return a.endNanos() - phase.faultEnd;
            }
        }
        return -1;
    }
}
