// people_at_account: everyone at one company key, by public id
// params: $company_key
// columns: n, id, name, email, profile_url, company, title, seniority, functions, location
MATCH (p:Person {company_key: $company_key})
RETURN p.n AS n, p.id AS id, p.name AS name, p.email AS email, p.profile_url AS profile_url, p.company AS company, p.title AS title, p.seniority AS seniority, p.functions AS functions, p.location AS location ORDER BY p.id
