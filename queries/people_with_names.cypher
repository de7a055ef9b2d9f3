// people_with_names: which of the given people are known by a name (not only by an email, URL or CRM label)
// params: $ns (list of person numbers)
// columns: n
UNWIND $ns AS x
MATCH (p:Person {n: x})
WHERE coalesce(p.name_key, '') <> ''
RETURN x AS n
