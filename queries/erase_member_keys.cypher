// erase_member_keys: delete the own keys recorded for team member $n
// params: $n
// columns: deleted
MATCH (k:MemberKey {n: $n})
DELETE k
RETURN count(k) AS deleted
