// ids_and_flags: the public id and "never use my name" flag of the given people, as parallel lists
// params: $ns (list of person numbers)
// columns: n, id, no_intro
UNWIND $ns AS x
MATCH (p:Person {n: x})
RETURN collect(p.n) AS n, collect(p.id) AS id, collect(coalesce(p.no_intro, false)) AS no_intro
