// evidence_with_provenance: a tie's evidence with the file, line and owner it came from
// params: $a, $b
// columns: kind, date, data, path, file, line, owner
MATCH (e:Evidence {a: $a, b: $b})
MATCH (s:Source {id: e.source_id})
OPTIONAL MATCH (o:Person {n: s.owner_n})
RETURN e.kind AS kind, e.date AS date, e.data AS data, s.path AS path, e.file AS file, e.line AS line,
       coalesce(o.name, '') AS owner
ORDER BY e.id
