// repair_evidence: re-point evidence rows at new pairs
// params: $rows (list of {id, a, b})
// columns: none
UNWIND $rows AS r
MATCH (e:Evidence {id: r.id})
SET e.a = r.a, e.b = r.b
