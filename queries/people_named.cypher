// people_named: people whose folded name is $name_key, lowest number first
// params: $name_key, $limit
// columns: n
MATCH (p:Person {name_key: $name_key})
RETURN p.n AS n ORDER BY p.n LIMIT $limit
