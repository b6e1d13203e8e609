-- Events by licence: a licence verification (Firearms Protocol art. 10(4)) asks whether the shipment
-- a licence covers arrived. Keep in step with the other backend's 0011_events_by_licence.sql.
CREATE INDEX item_events_licence ON item_events (licence_id) WHERE licence_id IS NOT NULL;
