// team: team members and connectors
// params: none
// columns: n, role
MATCH (p:Person) WHERE p.team_role IS NOT NULL
RETURN p.n AS n, p.team_role AS role
