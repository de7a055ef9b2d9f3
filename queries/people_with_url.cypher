// people_with_url: which of the given people have a LinkedIn profile-URL key
// params: $ns (list of person numbers)
// columns: n
UNWIND $ns AS x
MATCH (pk:PersonKey {n: x})
USING INDEX pk:PersonKey(n)
WHERE pk.key STARTS WITH 'li:'
RETURN DISTINCT x AS n
