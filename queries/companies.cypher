// companies: everyone with a company: number, company and company key
// params: none
// columns: n, company, company_key
MATCH (p:Person) WHERE p.company <> ''
RETURN p.n AS n, p.company AS company, p.company_key AS company_key
