-- Events by kind and day: the indicator SDG 16.4.2 counts the items seized, found or surrendered in a
-- period. Keep in step with the other backend's 0009_recoveries_by_day.sql.
CREATE INDEX item_events_kind_day ON item_events (kind, day);
