// set_ties: create or update ties (a < b) with their trust
// params: $rows (list of {a, b, trust, usable})
// columns: none
UNWIND $rows AS r
MATCH (a:Person {n: r.a}), (b:Person {n: r.b})
MERGE (a)-[t:TIE]->(b)
SET t.trust = r.trust, t.usable = r.usable
