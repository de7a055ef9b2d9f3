// ties_of_person: every tie of person $n: the other person and the tie's trust
// params: $n
// columns: other, trust, usable
MATCH (p:Person {n: $n})-[t:TIE]-(o:Person)
RETURN o.n AS other, t.trust AS trust, t.usable AS usable
