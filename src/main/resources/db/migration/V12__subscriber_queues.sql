-- The broker queues that amqp:{queue} subscriptions deliver into. A queue is created on the broker when a
-- subscription first names it and stays while any subscription does; released_at is set when the last one goes,
-- and the queue is removed once its reader has drained it, or when the grace after release has passed.
CREATE TABLE subscriber_queue (
    name        text        PRIMARY KEY,
    released_at timestamptz
);

-- Subscriptions made before queues were kept here: their queues are open.
INSERT INTO subscriber_queue (name)
SELECT DISTINCT substr(end_point, 6) FROM subscription WHERE end_point LIKE 'amqp:%';

-- Releasing a queue asks whether any other subscription still names it.
CREATE INDEX subscription_amqp_end_point ON subscription (end_point) WHERE end_point LIKE 'amqp:%';
