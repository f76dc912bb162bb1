-- Demo data: some active users, some not, so /summary has something to filter.
INSERT INTO users (name, email, active) VALUES
    ('Ada Lovelace',      'ada@example.org',      TRUE),
    ('Alan Turing',       'alan@example.org',     TRUE),
    ('Grace Hopper',      'grace@example.org',    TRUE),
    ('Edsger Dijkstra',   'edsger@example.org',   FALSE),
    ('Barbara Liskov',    'barbara@example.org',  TRUE),
    ('Donald Knuth',      'donald@example.org',   FALSE),
    ('Margaret Hamilton', 'margaret@example.org', TRUE),
    ('Ken Thompson',      'ken@example.org',      FALSE);
