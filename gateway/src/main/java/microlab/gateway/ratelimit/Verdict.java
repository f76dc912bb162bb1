package microlab.gateway.ratelimit;

/** Whether one more request from a client fits its window, and if not, in how many seconds it will. */
record Verdict(boolean allowed, long retryAfterSeconds) {

    static final Verdict ALLOWED = new Verdict(true, 0);
}
