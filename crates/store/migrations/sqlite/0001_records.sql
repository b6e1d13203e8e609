-- armstrace records, SQLite. Keep in step with migrations/postgres/0001_records.sql: a test compares
-- the tables and columns of both. The high-volume tables are WITHOUT ROWID: keyed by their id
-- they would otherwise keep two b-trees (rowid and key) for every row. Record ids are 16-byte BLOBs
-- (UUIDv7, big-endian, so they sort by time as their text does): 36-character text keys made the
-- key b-trees a third larger and every comparison longer. PostgreSQL keeps them as text.
CREATE TABLE agencies (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    country TEXT NOT NULL
);
CREATE TABLE parties (
    id BLOB PRIMARY KEY,
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
) WITHOUT ROWID;
CREATE TABLE party_identifiers (
    party_id BLOB NOT NULL,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (party_id, kind, value)
) WITHOUT ROWID;
CREATE INDEX party_identifiers_value ON party_identifiers (kind, value);
CREATE TABLE licences (
    id BLOB PRIMARY KEY,
    kind TEXT NOT NULL,
    number TEXT NOT NULL,
    issuing_country TEXT NOT NULL,
    holder_id BLOB,
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
    id BLOB PRIMARY KEY,
    class TEXT NOT NULL,
    part_kind TEXT,
    firearm_type TEXT,
    type_raw TEXT NOT NULL,
    manufacturer_id TEXT,
    manufacturer_raw TEXT NOT NULL,
    manufacturer_confidence REAL NOT NULL,
    model TEXT,
    model_raw TEXT NOT NULL,
    calibre_id TEXT,
    calibre_raw TEXT NOT NULL,
    calibre_confidence REAL NOT NULL,
    serial_raw TEXT NOT NULL,
    serial_norm TEXT NOT NULL,
    serial_status TEXT NOT NULL,
    country_of_manufacture TEXT,
    year_of_manufacture INTEGER,
    status TEXT NOT NULL,
    agency TEXT NOT NULL,
    owner_country TEXT NOT NULL,
    handling TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT,
    updated_by TEXT,
    extra TEXT
) WITHOUT ROWID;
CREATE INDEX items_serial ON items (serial_norm);
CREATE TABLE item_events (
    id BLOB PRIMARY KEY,
    item_id BLOB NOT NULL,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    date TEXT,
    day INTEGER,
    country TEXT,
    place TEXT NOT NULL,
    licence_id BLOB,
    incident_id BLOB,
    parties TEXT,
    extra TEXT
) WITHOUT ROWID;
CREATE INDEX item_events_item ON item_events (item_id, seq);
CREATE TABLE incidents (
    id BLOB PRIMARY KEY,
    kind TEXT NOT NULL,
    reference TEXT NOT NULL,
    date TEXT,
    day INTEGER,
    country TEXT,
    admin_area TEXT NOT NULL,
    lat REAL,
    lon REAL,
    agency TEXT NOT NULL,
    owner_country TEXT NOT NULL,
    handling TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX incidents_day ON incidents (day);
CREATE TABLE incident_items (
    incident_id BLOB NOT NULL,
    item_id BLOB NOT NULL,
    PRIMARY KEY (incident_id, item_id)
);
CREATE INDEX incident_items_item ON incident_items (item_id);
CREATE TABLE incident_persons (
    incident_id BLOB NOT NULL,
    party_id BLOB NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (incident_id, party_id, role)
);
CREATE INDEX incident_persons_party ON incident_persons (party_id);
CREATE TABLE ballistic_exhibits (
    id BLOB PRIMARY KEY,
    kind TEXT NOT NULL,
    reference TEXT NOT NULL,
    incident_id BLOB,
    item_id BLOB,
    agency TEXT NOT NULL,
    owner_country TEXT NOT NULL,
    handling TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE TABLE ballistic_hits (
    id BLOB PRIMARY KEY,
    exhibit_a BLOB NOT NULL,
    exhibit_b BLOB NOT NULL,
    system TEXT NOT NULL,
    confirmed INTEGER NOT NULL,
    agency TEXT NOT NULL,
    owner_country TEXT NOT NULL,
    handling TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE TABLE production (
    party_id BLOB NOT NULL,
    year INTEGER NOT NULL,
    flow TEXT NOT NULL,
    firearm_type TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (party_id, year, flow, firearm_type)
);
-- Ground truth of generated demo worlds: where each diverted firearm really left the licit circuit.
-- Kept apart from the records so that tracing and matching can be scored against it.
CREATE TABLE ground_truth (
    item_id BLOB PRIMARY KEY,
    diversion TEXT NOT NULL,
    event_id BLOB,
    detail TEXT NOT NULL
);
