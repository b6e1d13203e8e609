-- Requests between countries (tracing, information, mutual legal assistance, licence verification),
-- outgoing and incoming. The record is the document; the columns are what lists and queues filter
-- on. Keep in step with the other backend's 0010_cooperation_requests.sql (a test compares both).
CREATE TABLE cooperation_requests (
    id BLOB PRIMARY KEY,
    kind TEXT NOT NULL,
    direction TEXT NOT NULL,
    status TEXT NOT NULL,
    requesting_country TEXT NOT NULL,
    requested_country TEXT NOT NULL,
    case_reference TEXT NOT NULL,
    item_id BLOB,
    agency TEXT NOT NULL,
    owner_country TEXT NOT NULL,
    handling TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    doc TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX cooperation_requests_status ON cooperation_requests (status, agency);
CREATE INDEX cooperation_requests_item ON cooperation_requests (item_id) WHERE item_id IS NOT NULL;
