// keys_lookup: the person each identity key points at
// params: $keys (list of key strings)
// columns: key, n
UNWIND $keys AS k
MATCH (pk:PersonKey {key: k})
RETURN pk.key AS key, pk.n AS n
