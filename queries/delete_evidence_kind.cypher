// delete_evidence_kind: withdraw one kind of evidence one source gave about a pair
// params: $source_id, $a, $b, $kind
// columns: none
MATCH (e:Evidence {a: $a, b: $b})
WHERE e.source_id = $source_id AND e.kind = $kind
DELETE e
