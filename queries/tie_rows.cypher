// tie_rows: every tie with its trust, whether it may be used, and its band (copying a store, the search index)
// params: none
// columns: a, b, trust, usable, band
MATCH (a:Person)-[t:TIE]->(b:Person)
RETURN a.n AS a, b.n AS b, t.trust AS trust, t.usable AS usable, coalesce(t.band, 0) AS band
