// account_people: everyone at the given companies, with their title and seniority, as parallel
// lists per company (a record per company: fast to decode)
// params: $company_keys
// columns: company_key, n, title, seniority
UNWIND $company_keys AS c
MATCH (p:Person {company_key: c})
RETURN c AS company_key, collect(p.n) AS n, collect(p.title) AS title, collect(p.seniority) AS seniority
