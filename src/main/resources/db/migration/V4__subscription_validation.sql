-- Webhook endpoints must prove they want the events before any delivery; failed attempts back off.
ALTER TABLE subscription
    ADD COLUMN validation_attempts   integer     NOT NULL DEFAULT 0,
    ADD COLUMN next_validation_at    timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN last_validation_error text;

CREATE INDEX subscription_pending_validation ON subscription (next_validation_at) WHERE status = 'pending-validation';
