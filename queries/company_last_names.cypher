// company_last_names: the distinct last names of the people at each of the given companies
// params: $companies (list of company keys)
// columns: company_key, last_keys
UNWIND $companies AS c
MATCH (p:Person {company_key: c})
RETURN c AS company_key, collect(DISTINCT p.last_key) AS last_keys
