-- Event analytics: rollups kept up to date from committed events by the analytics-rollup route (EventAnalytics),
-- which follows the event table behind its own checkpoint. Pages read the rollups, never the event table.
-- Hours are UTC; a day is the sum of its 24 hours.

-- From the first event on: the analytics cover what is already stored.
INSERT INTO dispatch_checkpoint (name, last_seq) VALUES ('analytics', 0);

-- The highest sequence number ever counted into the plain counters below, so rewinding the checkpoint (a replay)
-- never counts an event twice; the tables keyed by instance and step are idempotent on their own.
CREATE TABLE analytics_progress (
    name        text   PRIMARY KEY,
    counted_seq bigint NOT NULL
);
INSERT INTO analytics_progress (name, counted_seq) VALUES ('counters', 0);

-- Events in per resource, type and hour of registration.
CREATE TABLE analytics_events_hour (
    resource text        NOT NULL,
    hour     timestamptz NOT NULL,
    type     text        NOT NULL,
    events   bigint      NOT NULL,
    PRIMARY KEY (resource, hour, type)
);

-- Deliveries per resource, hour and outcome, counted by the delivery log's writer in the transaction that stores
-- the attempts (so exactly once without a checkpoint of its own).
CREATE TABLE analytics_delivery_hour (
    resource   text        NOT NULL,
    hour       timestamptz NOT NULL,
    outcome    text        NOT NULL,
    deliveries bigint      NOT NULL,
    PRIMARY KEY (resource, hour, outcome)
);

-- Each app instance once (keyed by its source URL), from its app.instance.created event.
CREATE TABLE analytics_instance (
    instance   text        PRIMARY KEY,
    resource   text        NOT NULL,
    party      text,
    created_at timestamptz NOT NULL
);
CREATE INDEX analytics_instance_party ON analytics_instance (party, created_at) WHERE party IS NOT NULL;

CREATE TABLE analytics_instances_hour (
    resource  text        NOT NULL,
    hour      timestamptz NOT NULL,
    instances bigint      NOT NULL,
    PRIMARY KEY (resource, hour)
);

-- The process steps of each instance: movedTo.{task} (task) and process.completed (task = ''), kept so a late
-- step can be put in its place and the durations around it corrected.
CREATE TABLE analytics_step (
    instance text        NOT NULL,
    at       timestamptz NOT NULL,
    task     text        NOT NULL,
    seq      bigint      NOT NULL,
    resource text        NOT NULL,
    PRIMARY KEY (instance, at, task)
);

-- Time spent in a task: a histogram per resource, task and hour the task was entered. Bucket b > 0 holds
-- durations in (γ^(b-2), γ^(b-1)] milliseconds with γ = 1.0202, so a median or p90 read from it is within 1 %;
-- bucket 0 holds zero durations.
CREATE TABLE analytics_task_hour (
    resource  text        NOT NULL,
    task      text        NOT NULL,
    hour      timestamptz NOT NULL,
    bucket    integer     NOT NULL,
    durations bigint      NOT NULL,
    total_ms  bigint      NOT NULL,
    PRIMARY KEY (resource, task, hour, bucket)
);

-- Relations between apps: a party created an instance of from_resource and then, within the gap class, one of
-- to_resource (counted on the day of the second). Gap classes: 0 ≤ 1 hour, 1 ≤ 1 day, 2 ≤ 7 days, 3 ≤ 30 days.
CREATE TABLE analytics_relation_day (
    from_resource text        NOT NULL,
    to_resource   text        NOT NULL,
    day           timestamptz NOT NULL,
    gap_class     smallint    NOT NULL,
    pairs         bigint      NOT NULL,
    PRIMARY KEY (from_resource, to_resource, day, gap_class)
);
CREATE INDEX analytics_relation_day_day ON analytics_relation_day (day);
