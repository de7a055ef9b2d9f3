// drop_keys: these identity keys point at nobody any more
// params: $keys (list of key strings)
// columns: none
UNWIND $keys AS key
MATCH (k:PersonKey {key: key})
DELETE k
