-- Hits of the cross-check (a recorded item that may be another record's firearm) and their
-- workflow. Keep in step with the other backend's 0006_check_hits.sql (a test compares both).
CREATE TABLE check_hits (
    id TEXT PRIMARY KEY,
    item_id TEXT NOT NULL,
    matched_id TEXT NOT NULL,
    item_agency TEXT NOT NULL,
    matched_agency TEXT NOT NULL,
    status TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE UNIQUE INDEX check_hits_pair ON check_hits (item_id, matched_id);
CREATE INDEX check_hits_item_agency ON check_hits (item_agency, status, id);
CREATE INDEX check_hits_matched_agency ON check_hits (matched_agency, status, id);
CREATE INDEX check_hits_matched ON check_hits (matched_id);
