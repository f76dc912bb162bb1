#!/bin/sh
# Runs once, on the first start of the postgres container with an empty data volume: one role and one
# database per service, each role owning only its own database. Passwords come from the environment
# (compose/.env); psql's :'name' quoting keeps any character in them safe.
set -eu

psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
  -v users_password="${USERS_DB_PASSWORD:?USERS_DB_PASSWORD is not set}" \
  -v orders_password="${ORDERS_DB_PASSWORD:?ORDERS_DB_PASSWORD is not set}" \
  -v forecast_password="${FORECAST_DB_PASSWORD:?FORECAST_DB_PASSWORD is not set}" <<'SQL'
CREATE ROLE users LOGIN PASSWORD :'users_password';
CREATE DATABASE users OWNER users;
REVOKE ALL ON DATABASE users FROM PUBLIC;

CREATE ROLE orders LOGIN PASSWORD :'orders_password';
CREATE DATABASE orders OWNER orders;
REVOKE ALL ON DATABASE orders FROM PUBLIC;

CREATE ROLE forecast LOGIN PASSWORD :'forecast_password';
CREATE DATABASE forecast OWNER forecast;
REVOKE ALL ON DATABASE forecast FROM PUBLIC;
SQL
