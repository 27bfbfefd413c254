-- Altinn's clients read a subscription's id as a whole number (Altinn's app library parses it into an int), so
-- every subscription also gets a number; the uuid stays the key the delivery tables refer to.
ALTER TABLE subscription
    ADD COLUMN number           bigint  GENERATED ALWAYS AS IDENTITY UNIQUE,
    ADD COLUMN include_subunits boolean NOT NULL DEFAULT false;
