// ties_of: person $n's ties as (other, trust, usable), the most trusted first
// params: $n, $limit
// columns: other, trust, usable
MATCH (:Person {n: $n})-[t:TIE]-(o:Person)
RETURN o.n AS other, t.trust AS trust, t.usable AS usable
ORDER BY trust DESC, other
LIMIT $limit
