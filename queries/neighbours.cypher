// neighbours: the distinct neighbours of the given people
// params: $ns (list of person numbers)
// columns: n
UNWIND $ns AS x
MATCH (:Person {n: x})-[:TIE]-(q:Person)
RETURN DISTINCT q.n AS n
