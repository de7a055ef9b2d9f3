// evidence_of_pairs: the evidence of the given pairs, oldest first, with the owner of the file it came from
// params: $pairs (list of [a, b] with a < b)
// columns: a, b, kind, date, data, owner
UNWIND $pairs AS pr
MATCH (e:Evidence {a: pr[0], b: pr[1]})
OPTIONAL MATCH (s:Source {id: e.source_id})
RETURN e.a AS a, e.b AS b, e.kind AS kind, e.date AS date, e.data AS data, s.owner_n AS owner
ORDER BY e.id
