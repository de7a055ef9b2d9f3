// sighting_rows: each sighting of person $n (id, source, file, line, the row as JSON), oldest first
// params: $n
// columns: id, source_id, file, line, ref
MATCH (g:Sighting {n: $n})
RETURN g.id AS id, g.source_id AS source_id, g.file AS file, g.line AS line, g.ref AS ref
ORDER BY g.id
