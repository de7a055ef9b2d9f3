// erase_keep_apart: delete the kept-apart pairs that name any of $keys
// params: $keys
// columns: deleted
MATCH (k:KeepApart) WHERE k.key_a IN $keys OR k.key_b IN $keys
DELETE k
RETURN count(k) AS deleted
