// people_by_name_key: people with the folded name $name_key, by public id
// params: $name_key
// columns: n, id, name, email, profile_url, company, title, seniority, functions, location
MATCH (p:Person {name_key: $name_key})
RETURN p.n AS n, p.id AS id, p.name AS name, p.email AS email, p.profile_url AS profile_url, p.company AS company, p.title AS title, p.seniority AS seniority, p.functions AS functions, p.location AS location ORDER BY p.id
