// update_people: change some properties of existing people
// params: $rows (list of {n, values})
// columns: none
UNWIND $rows AS r
MATCH (p:Person {n: r.n})
SET p += r.values
