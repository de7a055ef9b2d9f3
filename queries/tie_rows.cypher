// tie_rows: every tie with its trust and whether it may be used (copying a store)
// params: none
// columns: a, b, trust, usable
MATCH (a:Person)-[t:TIE]->(b:Person)
RETURN a.n AS a, b.n AS b, t.trust AS trust, t.usable AS usable
