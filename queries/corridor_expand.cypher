// corridor_expand: the ties of the given people, as parallel lists (one record: fast to decode)
// params: $ns (list of person numbers)
// columns: a, b, trust, usable, band
UNWIND $ns AS x
MATCH (p:Person {n: x})-[t:TIE]-(q:Person)
RETURN collect(p.n) AS a, collect(q.n) AS b, collect(t.trust) AS trust, collect(t.usable) AS usable,
       collect(coalesce(t.band, 0)) AS band
