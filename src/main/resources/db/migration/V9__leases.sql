-- Work that one hub node should do at a time (connector polling, subscription validation, partition upkeep): the
-- node that holds a lease renews it well before it expires; once it has expired (the node died or lost the
-- database) any other node may take it over.
CREATE TABLE lease (
    name       text        PRIMARY KEY,
    holder     text        NOT NULL,
    expires_at timestamptz NOT NULL,
    taken_at   timestamptz NOT NULL DEFAULT now()
);
