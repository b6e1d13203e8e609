-- Lists of items within a reader's scope, in id order, counted up to a cap. The access rules read the
-- handling code, owner country and owner agency of every candidate: both indexes hold those columns,
-- so a list or a count walks a narrow index in id order instead of the full rows, and fetches only
-- the rows it shows.
-- One status (seized, stolen, lost...) in id order.
CREATE INDEX items_status ON items (status, id, handling, owner_country, agency);
-- All items in id order.
CREATE INDEX items_scope ON items (id, handling, owner_country, agency);
