// erase_person_node: delete person $n with their ties; how many ties, and whether they were on the team
// params: $n
// columns: ties, team
MATCH (p:Person {n: $n})
OPTIONAL MATCH (p)-[t:TIE]-()
WITH p, count(t) AS ties, CASE WHEN p.team_role IS NULL THEN 0 ELSE 1 END AS team
DETACH DELETE p
RETURN ties, team
