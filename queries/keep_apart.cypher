// keep_apart: the keys the user has kept apart
// params: none
// columns: key_a, key_b
MATCH (k:KeepApart) RETURN k.key_a AS key_a, k.key_b AS key_b
