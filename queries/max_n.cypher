// max_n: the highest person number
// params: none
// columns: max_n
MATCH (p:Person) RETURN coalesce(max(p.n), 0) AS max_n
