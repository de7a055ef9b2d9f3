// evidence_at: the evidence one row (line $line of $file in source $source_id) gave about a tie of person $n
// params: $source_id, $file, $line, $n
// columns: id, a, b
CALL () {
  MATCH (e:Evidence {a: $n}) RETURN e
  UNION
  MATCH (e:Evidence {b: $n}) RETURN e
}
WITH e
WHERE e.source_id = $source_id AND e.file = $file AND e.line = $line
RETURN e.id AS id, e.a AS a, e.b AS b
