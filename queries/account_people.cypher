// account_people: everyone at the given companies, with their title and seniority
// params: $company_keys
// columns: company_key, n, title, seniority
UNWIND $company_keys AS c
MATCH (p:Person {company_key: c})
RETURN c AS company_key, p.n AS n, p.title AS title, p.seniority AS seniority
