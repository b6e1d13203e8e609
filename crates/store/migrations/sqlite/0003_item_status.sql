-- Lists and the dashboard filter items by status (seized, stolen, lost) in id order, within the
-- reader's scope: the index walks one status in id order and holds the columns the access rules read
-- (handling code, owner country, owner agency), so neither a count nor a page touches the rows of
-- records the reader may not see. Without it a count read the whole registry.
CREATE INDEX items_status ON items (status, id, handling, owner_country, agency);
