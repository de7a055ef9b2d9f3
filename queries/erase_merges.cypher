// erase_merges: delete the merges that kept person $n or folded the person with public id $id into another
// params: $n, $id
// columns: deleted
MATCH (m:Merge) WHERE m.kept_n = $n OR m.merged_id = $id
DELETE m
RETURN count(m) AS deleted
