// keys_of_person: every identity key of one person
// params: $n
// columns: key
MATCH (pk:PersonKey {n: $n}) RETURN pk.key AS key
