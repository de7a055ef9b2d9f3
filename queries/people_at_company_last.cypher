// people_at_company_last: people at one company with one last name (candidates for a similar-name match)
// params: $company_key, $last_key
// columns: n, name_key, seniority
MATCH (p:Person {company_key: $company_key, last_key: $last_key})
RETURN p.n AS n, p.name_key AS name_key, p.seniority AS seniority
