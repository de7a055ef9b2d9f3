// neighbours: the distinct neighbours of the given people, as one list
// params: $ns (list of person numbers)
// columns: n
UNWIND $ns AS x
MATCH (:Person {n: x})-[:TIE]-(q:Person)
RETURN collect(DISTINCT q.n) AS n
