package microlab.orders.idempotency;

import java.util.Optional;

/**
 * What Redis holds under one idempotency key: the fingerprint of the request that claimed it, and
 * the id of what that request created once it has finished ("pending" until then).
 */
record Marker(String fingerprint, Long resourceId) {

    private static final String PENDING = "pending";

    static Marker pending(String fingerprint) {
        return new Marker(fingerprint, null);
    }

    static Marker done(String fingerprint, long resourceId) {
        return new Marker(fingerprint, resourceId);
    }

    boolean isDone() {
        return resourceId != null;
    }

    String encode() {
        return fingerprint + ":" + (isDone() ? resourceId.toString() : PENDING);
    }

    static Optional<Marker> decode(String value) {
        if (value == null) {
            return Optional.empty();
        }
        int colon = value.lastIndexOf(':');
        String fingerprint = value.substring(0, colon);
        String state = value.substring(colon + 1);
        return Optional.of(PENDING.equals(state) ? pending(fingerprint) : done(fingerprint, Long.parseLong(state)));
    }
}
