// evidence_of_person: the evidence rows that name person $n
// params: $n
// columns: id, a, b
CALL () {
  MATCH (e:Evidence {a: $n}) RETURN e
  UNION
  MATCH (e:Evidence {b: $n}) RETURN e
}
RETURN e.id AS id, e.a AS a, e.b AS b
