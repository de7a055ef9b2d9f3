// member_keys_from_team: upgrading a store: every key a team member or connector has is their own
// params: none
// columns: none
MATCH (p:Person) WHERE p.team_role IS NOT NULL
MATCH (k:PersonKey {n: p.n})
MERGE (m:MemberKey {key: k.key})
SET m.n = p.n
