// add_keep_apart: keys the user says belong to different people (after an unmerge)
// params: $rows (list of {key_a, key_b})
// columns: none
UNWIND $rows AS r
MERGE (:KeepApart {key_a: r.key_a, key_b: r.key_b})
