-- pgcrypto for digest(…, 'sm3'): a decision's step statement hashes its timeline row in the
-- database, because the row carries the 文号 serial that the same statement takes from the
-- organ's series (repo.recordStep). A trusted extension since PostgreSQL 13; SM3 comes from the
-- server's OpenSSL (1.1.1 or later).
CREATE EXTENSION IF NOT EXISTS pgcrypto;
