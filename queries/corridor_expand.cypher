// corridor_expand: the usable ties of the given people, as parallel lists (one record: fast to decode);
// a tie weaker than $min_trust only when its other end is one of $ends (the team's first hop: an
// introducer must be trusted enough, a target need not be)
// params: $ns (list of person numbers), $min_trust (0 for every tie), $ends (list of person numbers)
// columns: a, b, trust
UNWIND $ns AS x
MATCH (p:Person {n: x})-[t:TIE]-(q:Person)
WHERE t.usable AND (t.trust >= $min_trust OR q.n IN $ends)
RETURN collect(p.n) AS a, collect(q.n) AS b, collect(t.trust) AS trust
