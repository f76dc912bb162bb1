-- One row per series. data_version is a hash of the series' days and closes: fitted models and cached
-- results are keyed by it, so they stay valid exactly as long as the data they were computed from.
-- revision counts uploads.
create table asset (
    symbol       varchar(10) primary key check (symbol ~ '^[A-Z0-9]{1,10}$'),
    data_version varchar(32) not null,
    revision     integer     not null default 1,
    source       varchar(16) not null check (source in ('shipped', 'upload')),
    updated_at   timestamptz not null default now()
);

create table price (
    symbol varchar(10)      not null references asset (symbol) on delete cascade,
    day    date             not null,
    close  double precision not null check (close > 0),
    primary key (symbol, day)
);
