// company_last_names: which (company key, last name) pairs exist among the people at the given companies
// params: $companies (list of company keys)
// columns: company_key, last_key
UNWIND $companies AS c
MATCH (p:Person {company_key: c})
RETURN DISTINCT c AS company_key, p.last_key AS last_key
