package microlab.orders.idempotency;

/** The id of what a keyed request created, and whether this answer replays an earlier request. */
public record Outcome(long resourceId, boolean replayed) {
}
