CREATE TABLE orders (
    id         BIGSERIAL PRIMARY KEY,
    user_id    BIGINT         NOT NULL,
    total      NUMERIC(12, 2) NOT NULL CHECK (total >= 0),
    status     VARCHAR(16)    NOT NULL CHECK (status IN ('CREATED', 'PAID', 'SHIPPED', 'CANCELLED')),
    created_at TIMESTAMPTZ    NOT NULL DEFAULT now()
);

-- The list endpoint filters by user and by status and pages newest first.
CREATE INDEX orders_user_id_idx ON orders (user_id, id DESC);
CREATE INDEX orders_status_idx ON orders (status, id DESC);

-- Items have their own rows so they can be queried and constrained like any other data;
-- line_no keeps the order the client sent them in.
CREATE TABLE order_items (
    id         BIGSERIAL PRIMARY KEY,
    order_id   BIGINT         NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    line_no    INT            NOT NULL,
    sku        VARCHAR(64)    NOT NULL,
    quantity   INT            NOT NULL CHECK (quantity >= 1),
    unit_price NUMERIC(12, 2) NOT NULL CHECK (unit_price >= 0),
    UNIQUE (order_id, line_no)
);
