// bare_name_keys: the keys of bare names (a name with no company: name:<folded>|) and who holds each
// params: none
// columns: key, n
MATCH (pk:PersonKey) WHERE pk.key STARTS WITH 'name:' AND pk.key ENDS WITH '|'
RETURN pk.key AS key, pk.n AS n
