// companies_containing: company key and company as written, of people whose company key contains $key
// params: $key, $limit
// columns: company_key, company
MATCH (p:Person)
WHERE p.company_key CONTAINS $key AND p.company <> ''
RETURN p.company_key AS company_key, p.company AS company
LIMIT $limit
