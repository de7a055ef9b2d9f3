// delete_evidence_ids: delete evidence rows by id
// params: $ids
// columns: none
UNWIND $ids AS x
MATCH (e:Evidence {id: x})
DELETE e
