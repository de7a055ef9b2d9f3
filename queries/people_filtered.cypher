// people_filtered: people at any of $company_keys (null: any) with any of $seniorities (null: any) and any of $functions (null: any; p.functions lists them comma-separated)
// params: $company_keys, $seniorities, $functions
// columns: n, id, name, email, profile_url, company, title, seniority, functions, location
MATCH (p:Person)
WHERE ($company_keys IS NULL OR p.company_key IN $company_keys)
  AND ($seniorities IS NULL OR p.seniority IN $seniorities)
  AND ($functions IS NULL OR any(f IN $functions WHERE (',' + coalesce(p.functions, '') + ',') CONTAINS (',' + f + ',')))
RETURN p.n AS n, p.id AS id, p.name AS name, p.email AS email, p.profile_url AS profile_url, p.company AS company, p.title AS title, p.seniority AS seniority, p.functions AS functions, p.location AS location ORDER BY p.n
