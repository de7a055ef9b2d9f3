// evidence_of_pairs: the evidence of the given pairs, oldest first
// params: $pairs (list of [a, b] with a < b)
// columns: a, b, kind, date, data
UNWIND $pairs AS pr
MATCH (e:Evidence {a: pr[0], b: pr[1]})
RETURN e.a AS a, e.b AS b, e.kind AS kind, e.date AS date, e.data AS data
ORDER BY e.id
