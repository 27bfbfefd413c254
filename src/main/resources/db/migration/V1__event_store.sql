-- The event store: every accepted CloudEvent, exactly as received, plus the hub's own registration data.
-- Partitioned by registration month so retention drops whole partitions (see EventPartitions).

CREATE SEQUENCE event_seq AS bigint MINVALUE 1 CACHE 1;

CREATE TABLE event (
    seq                bigint      NOT NULL,
    registered_at      timestamptz NOT NULL,
    source             text        NOT NULL,
    id                 text        NOT NULL,
    type               text        NOT NULL,
    resource           text        NOT NULL,
    subject            text,
    alternativesubject text,
    time               timestamptz,
    content_hash       text        NOT NULL,
    payload            text        NOT NULL
) PARTITION BY RANGE (registered_at);

-- Cursor paging by resource, optionally narrowed by subject or alternative subject, always in seq order.
CREATE INDEX event_resource_seq ON event (resource, seq);
CREATE INDEX event_resource_subject_seq ON event (resource, subject, seq) WHERE subject IS NOT NULL;
CREATE INDEX event_resource_altsubject_seq ON event (resource, alternativesubject, seq) WHERE alternativesubject IS NOT NULL;
-- Idempotency look-ups by (source, id), and cursors given as an event id.
CREATE INDEX event_id_source ON event (id, source);
