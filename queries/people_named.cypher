// people_named: everyone whose folded name is one of $name_keys
// params: $name_keys (list)
// columns: name_key, n
UNWIND $name_keys AS k
MATCH (p:Person {name_key: k})
RETURN k AS name_key, p.n AS n
