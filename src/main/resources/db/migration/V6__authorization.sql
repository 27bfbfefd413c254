-- The built-in policy decision point's model (DESIGN §4): resources and who may do what with their events,
-- role assignments (holder has role for party) and grants (holder may read all of a resource's events), plus
-- the audit log of every denial. Seeded from config/authorization.yaml, managed through the admin API.

CREATE TABLE authz_resource (
    id              text        PRIMARY KEY,
    owner           text        NOT NULL,
    publishers      text[]      NOT NULL DEFAULT '{}',
    -- Roles a holder must have for an event's subject (or alternative subject) to read / subscribe to it.
    read_roles      text[]      NOT NULL DEFAULT '{}',
    subscribe_roles text[]      NOT NULL DEFAULT '{}',
    updated         timestamptz NOT NULL DEFAULT now()
);

-- One row per (holder, party, role): an accountant with a thousand clients is a thousand rows, and a decision
-- looks up the few parties of one event by primary key.
CREATE TABLE authz_role_assignment (
    holder  text        NOT NULL,
    party   text        NOT NULL,
    role    text        NOT NULL,
    created timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (holder, party, role)
);
CREATE INDEX authz_role_assignment_party ON authz_role_assignment (party);

CREATE TABLE authz_grant (
    holder   text        NOT NULL,
    resource text        NOT NULL,
    created  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (holder, resource)
);
CREATE INDEX authz_grant_resource ON authz_grant (resource);

-- Denials only, and never an event's data.
CREATE TABLE authz_audit (
    id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at                  timestamptz NOT NULL,
    point               text        NOT NULL,
    identity            text        NOT NULL,
    action              text        NOT NULL,
    resource            text        NOT NULL,
    subject             text,
    alternative_subject text,
    event_id            text
);
CREATE INDEX authz_audit_identity ON authz_audit (identity, id);
CREATE INDEX authz_audit_at ON authz_audit (at);
