-- The Community of Practitioners (seeds 000, 003, 004): members, activities, digest cases,
-- resources, newsletter editions, discussion threads and posts, notifications. Low-volume records of
-- many kinds, kept whole in `doc` beside the columns lists filter and sort on: `kind` says which
-- record it is, `parent` the record it belongs to (a thread's posts), `owner` the user it is
-- about or by (a member's account, a post's author), `day` the day lists sort on (an activity's
-- start, a publication). `search` holds the folded text searched (a resource's extracted full text).
-- Keep in step with the other backend's 0012_community.sql (a test compares both).
CREATE TABLE community (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    parent TEXT NOT NULL,
    owner TEXT NOT NULL,
    status TEXT NOT NULL,
    country TEXT NOT NULL,
    language TEXT NOT NULL,
    day BIGINT NOT NULL,
    search TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX community_kind_day ON community (kind, day);
CREATE INDEX community_kind_owner ON community (kind, owner);
CREATE INDEX community_kind_parent ON community (kind, parent, day);
