-- Files attached to records: photos of seized firearms and their markings. Keep in step with the
-- other backend's 0004_attachments.sql (a test compares both).
CREATE TABLE attachments (
    id BLOB PRIMARY KEY,
    record_id BLOB NOT NULL,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    content BLOB NOT NULL
);
CREATE INDEX attachments_record ON attachments (record_id);
