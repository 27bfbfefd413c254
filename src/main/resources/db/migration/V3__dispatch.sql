-- The dispatcher reads committed events in sequence order (like a consumer following next) and turns each
-- into delivery jobs for the matching subscriptions, moving its checkpoint in the same transaction.
CREATE INDEX event_seq_idx ON event (seq);

CREATE TABLE dispatch_checkpoint (
    name     text   PRIMARY KEY,
    last_seq bigint NOT NULL
);

-- Start after the events that already exist: subscriptions only receive what is published from now on.
INSERT INTO dispatch_checkpoint (name, last_seq)
SELECT 'dispatcher', CASE WHEN is_called THEN last_value ELSE 0 END FROM event_seq;

CREATE TABLE delivery_job (
    event_seq       bigint      NOT NULL,
    subscription_id uuid        NOT NULL REFERENCES subscription (id) ON DELETE CASCADE,
    status          text        NOT NULL DEFAULT 'pending',
    attempts        integer     NOT NULL DEFAULT 0,
    created         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_seq, subscription_id)
);

CREATE INDEX delivery_job_pending ON delivery_job (subscription_id, event_seq) WHERE status = 'pending';
