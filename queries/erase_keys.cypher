// erase_keys: delete person $n's identity keys
// params: $n
// columns: deleted
MATCH (k:PersonKey {n: $n})
DELETE k
RETURN count(k) AS deleted
