// people_search: people whose folded name or company contains $text, best connected first
// params: $text, $limit
// columns: n, id, name, email, profile_url, company, title, seniority, functions, location
MATCH (p:Person)
WHERE p.name_key CONTAINS $text OR p.company_key CONTAINS $text
WITH p, COUNT { (p)-[:TIE]-() } AS degree
ORDER BY degree DESC, p.id
LIMIT $limit
RETURN p.n AS n, p.id AS id, p.name AS name, p.email AS email, p.profile_url AS profile_url, p.company AS company, p.title AS title, p.seniority AS seniority, p.functions AS functions, p.location AS location
