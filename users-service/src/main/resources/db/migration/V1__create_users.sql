CREATE TABLE users (
    id         BIGSERIAL PRIMARY KEY,
    name       VARCHAR(100) NOT NULL,
    email      VARCHAR(254) NOT NULL,
    active     BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- Emails are stored lower-cased; the index makes "unique" hold under concurrent writes too.
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE INDEX users_active_idx ON users (active, id);
