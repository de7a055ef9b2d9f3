// corridor_ties: the usable ties from the given people to people in $allowed, as parallel lists (one record: fast to decode)
// params: $ns (list of person numbers), $allowed (list of person numbers)
// columns: a, b, trust
UNWIND $ns AS x
MATCH (p:Person {n: x})-[t:TIE]-(q:Person)
WHERE t.usable AND q.n IN $allowed
RETURN collect(p.n) AS a, collect(q.n) AS b, collect(t.trust) AS trust
