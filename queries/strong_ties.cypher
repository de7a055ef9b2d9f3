// strong_ties: person $n's ties of at least $min_trust, strongest first
// params: $n, $min_trust, $limit
// columns: other, trust
MATCH (:Person {n: $n})-[t:TIE]-(o:Person)
WHERE t.trust >= $min_trust
RETURN o.n AS other, t.trust AS trust
ORDER BY trust DESC, other
LIMIT $limit
