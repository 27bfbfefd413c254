-- "Does holder H have a role for party P" must be one index probe whichever index the planner picks. The index on
-- party alone made a probe for a party that thousands of people hold roles for (a large employer) read every one
-- of their rows and filter on the holder; (party, holder, role) answers it exactly, covers the row (index-only
-- scan), and still lists one party's assignments in the admin API's (holder, party, role) order.
CREATE INDEX authz_role_assignment_party_holder ON authz_role_assignment (party, holder, role);
DROP INDEX authz_role_assignment_party;
