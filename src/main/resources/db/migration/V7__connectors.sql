-- Connectors (YAML routes that read registries and legacy systems): where each one has got to in its feed, and
-- the entries it could not map, kept with the reason for an admin to look at.
CREATE TABLE connector_checkpoint (
    connector text        PRIMARY KEY,
    position  text        NOT NULL,
    updated   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE connector_parked (
    id        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    connector text        NOT NULL,
    entry_key text,
    reason    text        NOT NULL,
    entry     text        NOT NULL,
    parked    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX connector_parked_connector ON connector_parked (connector, id);
