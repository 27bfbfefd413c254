-- The time spent in tasks per whole UTC day, beside the hourly histograms: a report by day reads one row per day
-- and bucket instead of 24. The analytics-rollup route adds each difference to both tables in one transaction,
-- so a day row is always the sum of its 24 hour rows.
CREATE TABLE analytics_task_day (
    resource  text        NOT NULL,
    task      text        NOT NULL,
    day       timestamptz NOT NULL,
    bucket    integer     NOT NULL,
    durations bigint      NOT NULL,
    total_ms  bigint      NOT NULL,
    PRIMARY KEY (resource, task, day, bucket)
);
CREATE INDEX analytics_task_day_day ON analytics_task_day (day);

-- What the hourly table holds already. The rollup of a node still on the previous release may be running: its
-- pages lock the analytics checkpoint row, so taking that lock first waits for a page in flight and holds off the
-- next until this transaction commits.
SELECT last_seq FROM dispatch_checkpoint WHERE name = 'analytics' FOR UPDATE;
INSERT INTO analytics_task_day (resource, task, day, bucket, durations, total_ms)
SELECT resource, task, date_trunc('day', hour, 'UTC'), bucket, sum(durations), sum(total_ms)
FROM analytics_task_hour GROUP BY 1, 2, 3, 4;

-- The console's list of a consumer's subscriptions pages by number.
CREATE INDEX subscription_consumer_number ON subscription (consumer, number);
