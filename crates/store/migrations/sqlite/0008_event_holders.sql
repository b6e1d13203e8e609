-- The party an event gives the item to (the holder of a registration, the buyer of a transfer, the
-- importer), indexed: a trace asks which other firearms the last lawful holder acquired (straw
-- purchases), and the parties of an event are otherwise packed in one text column. Keep in step
-- with the other backend's 0008_event_holders.sql (a test compares both).
ALTER TABLE item_events ADD COLUMN holder_id BLOB;
UPDATE item_events SET holder_id = unhex(replace(substr(parties, instr(parties, 'holder:') + 7, 36), '-', ''))
    WHERE instr(parties, 'holder:') > 0;
UPDATE item_events SET holder_id = unhex(replace(substr(parties, instr(parties, 'to:') + 3, 36), '-', ''))
    WHERE holder_id IS NULL AND instr(parties, 'to:') > 0;
CREATE INDEX item_events_holder ON item_events (holder_id, day) WHERE holder_id IS NOT NULL;
