-- The directory of competent national authorities and single points of contact (FP art. 13(2),
-- ATT art. 5(6), UNTOC art. 18(13)): reference data of the node, no owning agency. The entry is kept
-- whole in `doc`; the other columns are what lists filter and sort on. `instruments` and
-- `functions` hold codes between bars ("|firearms_protocol|att|") so that one LIKE finds a code.
-- Keep in step with the other backend's 0007_contact_points.sql (a test compares both).
CREATE TABLE contact_points (
    id BLOB PRIMARY KEY,
    country TEXT NOT NULL,
    kind TEXT NOT NULL,
    authority TEXT NOT NULL,
    instruments TEXT NOT NULL,
    functions TEXT NOT NULL,
    search TEXT NOT NULL,
    last_verified TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX contact_points_country ON contact_points (country, kind, authority);
CREATE INDEX contact_points_verified ON contact_points (last_verified);
