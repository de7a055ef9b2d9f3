// corridor_ties: the ties from the given people to people in $allowed, as parallel lists (one
// record: fast to decode); a tie weaker than $min_trust only when one end is one of $ends
// params: $ns (list of person numbers), $allowed (list of person numbers), $min_trust (0 for every tie), $ends (list of person numbers)
// columns: a, b, trust, usable, band
UNWIND $ns AS x
MATCH (p:Person {n: x})-[t:TIE]-(q:Person)
WHERE q.n IN $allowed AND (t.trust >= $min_trust OR x IN $ends OR q.n IN $ends)
RETURN collect(p.n) AS a, collect(q.n) AS b, collect(t.trust) AS trust, collect(t.usable) AS usable,
       collect(coalesce(t.band, 0)) AS band
