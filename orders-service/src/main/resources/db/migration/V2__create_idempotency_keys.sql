-- An Idempotency-Key and the order it created, written in the same transaction as the order: a key
-- exists exactly when its order does, whatever fails when, and the primary key decides a race (a
-- second transaction inserting the same key waits for the first, then fails if the first committed).
CREATE TABLE idempotency_keys (
    key          VARCHAR(255) PRIMARY KEY,
    request_hash CHAR(64)     NOT NULL,
    order_id     BIGINT       NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- the hourly clean-up of keys past their time
CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);
