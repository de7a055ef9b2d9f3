// set_team_role: make person $n a team member or connector
// params: $n, $role
// columns: none
MATCH (p:Person {n: $n}) SET p.team_role = $role
