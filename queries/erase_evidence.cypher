// erase_evidence: delete every evidence row about person $n
// params: $n
// columns: deleted
CALL () {
  MATCH (e:Evidence {a: $n}) RETURN e
  UNION
  MATCH (e:Evidence {b: $n}) RETURN e
}
DELETE e
RETURN count(e) AS deleted
