// sightings_of: every file and line person $n was seen on, with the export's owner and how the row was matched
// params: $n
// columns: path, file, line, owner, how, ref
MATCH (g:Sighting {n: $n})
MATCH (s:Source {id: g.source_id})
OPTIONAL MATCH (o:Person {n: s.owner_n})
RETURN s.path AS path, g.file AS file, g.line AS line, coalesce(o.name, '') AS owner, g.how AS how, g.ref AS ref
ORDER BY g.source_id, g.file, g.line
