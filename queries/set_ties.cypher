// set_ties: create or update ties (a < b) with their trust and band
// params: $rows (list of {a, b, trust, usable, band})
// columns: none
UNWIND $rows AS r
MATCH (a:Person {n: r.a}), (b:Person {n: r.b})
MERGE (a)-[t:TIE]->(b)
SET t.trust = r.trust, t.usable = r.usable, t.band = r.band
