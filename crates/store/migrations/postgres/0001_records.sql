-- armstrace records, PostgreSQL. Keep in step with migrations/sqlite/0001_records.sql: a test compares
-- the tables and columns of both.
CREATE TABLE agencies (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    country TEXT NOT NULL
);
CREATE TABLE parties (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    country TEXT,
    manufacturer_id TEXT,
    agency TEXT NOT NULL,
    owner_country TEXT NOT NULL,
    handling TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT,
    updated_by TEXT,
    doc TEXT NOT NULL
);
CREATE TABLE party_identifiers (
    party_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (party_id, kind, value)
);
CREATE INDEX party_identifiers_value ON party_identifiers (kind, value);
CREATE TABLE licences (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    number TEXT NOT NULL,
    issuing_country TEXT NOT NULL,
    holder_id TEXT,
    issued TEXT,
    expires TEXT,
    agency TEXT NOT NULL,
    owner_country TEXT NOT NULL,
    handling TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX licences_number ON licences (number);
CREATE TABLE items (
    id TEXT PRIMARY KEY,
    class TEXT NOT NULL,
    part_kind TEXT,
    firearm_type TEXT,
    type_raw TEXT NOT NULL,
    manufacturer_id TEXT,
    manufacturer_raw TEXT NOT NULL,
    manufacturer_confidence DOUBLE PRECISION NOT NULL,
    model TEXT,
    model_raw TEXT NOT NULL,
    calibre_id TEXT,
    calibre_raw TEXT NOT NULL,
    calibre_confidence DOUBLE PRECISION NOT NULL,
    serial_raw TEXT NOT NULL,
    serial_norm TEXT NOT NULL,
    serial_status TEXT NOT NULL,
    country_of_manufacture TEXT,
    year_of_manufacture BIGINT,
    status TEXT NOT NULL,
    agency TEXT NOT NULL,
    owner_country TEXT NOT NULL,
    handling TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT,
    updated_by TEXT,
    extra TEXT
);
CREATE INDEX items_serial ON items (serial_norm);
CREATE TABLE item_events (
    id TEXT PRIMARY KEY,
    item_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL,
    date TEXT,
    day BIGINT,
    country TEXT,
    place TEXT NOT NULL,
    licence_id TEXT,
    incident_id TEXT,
    parties TEXT,
    extra TEXT
);
CREATE INDEX item_events_item ON item_events (item_id, seq);
CREATE TABLE incidents (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    reference TEXT NOT NULL,
    date TEXT,
    day BIGINT,
    country TEXT,
    admin_area TEXT NOT NULL,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    agency TEXT NOT NULL,
    owner_country TEXT NOT NULL,
    handling TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX incidents_day ON incidents (day);
CREATE TABLE incident_items (
    incident_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    PRIMARY KEY (incident_id, item_id)
);
CREATE INDEX incident_items_item ON incident_items (item_id);
CREATE TABLE incident_persons (
    incident_id TEXT NOT NULL,
    party_id TEXT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (incident_id, party_id, role)
);
CREATE INDEX incident_persons_party ON incident_persons (party_id);
CREATE TABLE ballistic_exhibits (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    reference TEXT NOT NULL,
    incident_id TEXT,
    item_id TEXT,
    agency TEXT NOT NULL,
    owner_country TEXT NOT NULL,
    handling TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE TABLE ballistic_hits (
    id TEXT PRIMARY KEY,
    exhibit_a TEXT NOT NULL,
    exhibit_b TEXT NOT NULL,
    system TEXT NOT NULL,
    confirmed BIGINT NOT NULL,
    agency TEXT NOT NULL,
    owner_country TEXT NOT NULL,
    handling TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE TABLE production (
    party_id TEXT NOT NULL,
    year BIGINT NOT NULL,
    flow TEXT NOT NULL,
    firearm_type TEXT NOT NULL,
    quantity BIGINT NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (party_id, year, flow, firearm_type)
);
-- Ground truth of generated demo worlds: where each diverted firearm really left the licit circuit.
-- Kept apart from the records so that tracing and matching can be scored against it.
CREATE TABLE ground_truth (
    item_id TEXT PRIMARY KEY,
    diversion TEXT NOT NULL,
    event_id TEXT,
    detail TEXT NOT NULL
);
