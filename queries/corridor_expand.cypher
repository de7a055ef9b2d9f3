// corridor_expand: the usable ties of the given people, as parallel lists (one record: fast to decode)
// params: $ns (list of person numbers)
// columns: a, b, trust
UNWIND $ns AS x
MATCH (p:Person {n: x})-[t:TIE]-(q:Person)
WHERE t.usable
RETURN collect(p.n) AS a, collect(q.n) AS b, collect(t.trust) AS trust
