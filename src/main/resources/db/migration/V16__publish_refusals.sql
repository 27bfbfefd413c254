-- Refused publishes per publisher, hour, door, reason, resource (when known, else '') and the fields at fault
-- (names only, batch indexes dropped, else ''), so a publisher can see what it sent wrong. Written in batches by
-- the refusal log's own thread; no event data, no tokens, and no person's number (a person publisher is /person/*).
CREATE TABLE publish_refusal_hour (
    publisher text        NOT NULL,
    hour      timestamptz NOT NULL,
    door      text        NOT NULL,
    reason    text        NOT NULL,
    resource  text        NOT NULL,
    fields    text        NOT NULL,
    refusals  bigint      NOT NULL,
    last_at   timestamptz NOT NULL,
    PRIMARY KEY (publisher, hour, door, reason, resource, fields)
);
CREATE INDEX publish_refusal_hour_hour ON publish_refusal_hour (hour);
