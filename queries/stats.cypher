// stats: how many of each thing the store holds
// params: none
// columns: people, ties, evidence, sources, team
RETURN COUNT { (:Person) } AS people, COUNT { ()-[:TIE]->() } AS ties, COUNT { (:Evidence) } AS evidence,
       COUNT { (:Source) } AS sources, COUNT { (p:Person) WHERE p.team_role IS NOT NULL } AS team
