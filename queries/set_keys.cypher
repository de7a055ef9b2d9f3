// set_keys: point identity keys at people (new keys, or keys that change hands)
// params: $rows (list of {key, n})
// columns: none
UNWIND $rows AS r
MERGE (pk:PersonKey {key: r.key})
SET pk.n = r.n
