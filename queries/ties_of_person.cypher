// ties_of_person: every tie of person $n: the other person, the tie's trust, whether it may be used, its band
// params: $n
// columns: other, trust, usable, band
MATCH (p:Person {n: $n})-[t:TIE]-(o:Person)
RETURN o.n AS other, t.trust AS trust, t.usable AS usable, coalesce(t.band, 0) AS band
