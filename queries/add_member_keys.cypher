// add_member_keys: these keys are a team member's own
// params: $rows (list of {key, n})
// columns: none
UNWIND $rows AS row
MERGE (k:MemberKey {key: row.key})
SET k.n = row.n
