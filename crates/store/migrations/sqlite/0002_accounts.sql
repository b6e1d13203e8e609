-- Users, sessions, API tokens, need-to-know grants and the audit log. Keep in step with
-- migrations/postgres/0002_accounts.sql (a test compares both).
CREATE TABLE users (
    id BLOB PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    agency TEXT NOT NULL,
    role TEXT NOT NULL,
    disabled INTEGER NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX users_agency ON users (agency);
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BLOB NOT NULL,
    expires_at TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TABLE api_tokens (
    id BLOB PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BLOB NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
-- grantee: 'agency:CODE' or 'user:UUID'.
CREATE TABLE grants (
    record_id BLOB NOT NULL,
    grantee TEXT NOT NULL,
    granted_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (record_id, grantee)
);
CREATE INDEX grants_grantee ON grants (grantee, record_id);
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id BLOB,
    username TEXT NOT NULL,
    agency TEXT NOT NULL,
    source TEXT NOT NULL,
    action TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id BLOB,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_record ON audit_log (record_id);
CREATE INDEX audit_log_user ON audit_log (user_id, seq);
