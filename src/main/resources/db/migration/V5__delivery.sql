-- Delivery: the jobs travel through Artemis; PostgreSQL keeps each job's state and a log of every attempt.
-- Job states: queued (on its way or waiting for a retry), delivered, dead (retries exhausted), unauthorized
-- (the consumer may not read the event), cancelled (the subscription is gone or disabled).
ALTER TABLE delivery_job
    ALTER COLUMN status SET DEFAULT 'queued',
    -- Replays deliver an event again as a new delivery (a new webhook-id); retries keep the generation.
    ADD COLUMN generation integer     NOT NULL DEFAULT 0,
    ADD COLUMN updated    timestamptz NOT NULL DEFAULT now();

DROP INDEX delivery_job_pending;
CREATE INDEX delivery_job_dead ON delivery_job (subscription_id, event_seq) WHERE status = 'dead';
CREATE INDEX delivery_job_retrying ON delivery_job (subscription_id) WHERE status = 'queued' AND attempts > 0;

CREATE TABLE delivery_attempt (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscription_id uuid        NOT NULL,
    event_seq       bigint      NOT NULL,
    event_id        text        NOT NULL,
    attempt         integer     NOT NULL,
    at              timestamptz NOT NULL,
    outcome         text        NOT NULL,
    status_code     integer,
    latency_ms      integer,
    error           text
);

CREATE INDEX delivery_attempt_subscription ON delivery_attempt (subscription_id, id);
CREATE INDEX delivery_attempt_outcome ON delivery_attempt (subscription_id, outcome, id);
CREATE INDEX delivery_attempt_at ON delivery_attempt (at);
