-- What an agency asks of its users beyond the node's rules: a second factor for everyone (the
-- issue's "anyone the agency policy names"). Kept apart from `agencies`, which imports rewrite.
-- Keep in step with the other backend's 0005_agency_policies.sql (a test compares both).
CREATE TABLE agency_policies (
    agency TEXT PRIMARY KEY,
    second_factor_required BIGINT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
