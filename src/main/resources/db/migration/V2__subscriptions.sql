-- Subscriptions: who wants which events pushed where, and how the hub should deliver them.
CREATE TABLE subscription (
    id                         uuid        PRIMARY KEY,
    consumer                   text        NOT NULL,
    created_by                 text        NOT NULL,
    end_point                  text        NOT NULL,
    resource_filter            text        NOT NULL,
    source_filter              text,
    subject_filter             text,
    alternative_subject_filter text,
    type_filter                text,
    retry_schedule             text[]      NOT NULL,
    delivery_timeout           text        NOT NULL,
    max_concurrency            integer     NOT NULL,
    signing_secret             text        NOT NULL,
    status                     text        NOT NULL,
    created                    timestamptz NOT NULL,
    -- The same consumer asking for the same thing twice gets the first subscription back.
    fingerprint                text        NOT NULL UNIQUE
);

CREATE INDEX subscription_consumer ON subscription (consumer, created);
CREATE INDEX subscription_resource ON subscription (resource_filter) WHERE status = 'active';
