// member_keys: the keys each team member or connector is known to have of their own
// params: none
// columns: key, n
MATCH (k:MemberKey)
RETURN k.key AS key, k.n AS n
