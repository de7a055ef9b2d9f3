// forget_sources: the exports person $n owned stay (others' evidence points at them) but lose their path
// params: $n
// columns: none
MATCH (s:Source {owner_n: $n}) SET s.path = '(forgotten)'
