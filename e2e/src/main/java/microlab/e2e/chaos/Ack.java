package microlab.e2e.chaos;

/** An acknowledged write: an order (its key and id) or a user (its email). */
record Ack(Phase phase, String kind, String key, long id, String email) {
}
