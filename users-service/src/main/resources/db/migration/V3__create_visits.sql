-- One row; every visit is a single UPDATE ... RETURNING on it, so concurrent visits never lose a count.
CREATE TABLE visits (
    id    SMALLINT PRIMARY KEY CHECK (id = 1),
    count BIGINT   NOT NULL
);

INSERT INTO visits (id, count) VALUES (1, 0);
