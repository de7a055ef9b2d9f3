// merges_into: the merges that kept person $n, oldest first
// params: $n
// columns: merged_id, reason, keys, at
MATCH (m:Merge {kept_n: $n})
RETURN m.merged_id AS merged_id, m.reason AS reason, m.keys AS keys, m.at AS at
ORDER BY m.id
