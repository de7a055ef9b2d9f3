// corridor_ties: the ties of the given people, with the other end's public id and "never use my name" flag
// params: $ns (list of person numbers)
// columns: a, b, trust, usable, b_id, b_no_intro
UNWIND $ns AS x
MATCH (a:Person {n: x})-[t:TIE]-(b:Person)
RETURN a.n AS a, b.n AS b, t.trust AS trust, t.usable AS usable, b.id AS b_id, b.no_intro AS b_no_intro
