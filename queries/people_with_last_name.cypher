// people_with_last_name: everyone whose folded last name is $last_key, with their folded full name, by public id
// params: $last_key
// columns: n, id, name, email, profile_url, company, title, seniority, functions, location, name_key
MATCH (p:Person {last_key: $last_key})
RETURN p.n AS n, p.id AS id, p.name AS name, p.email AS email, p.profile_url AS profile_url, p.company AS company, p.title AS title, p.seniority AS seniority, p.functions AS functions, p.location AS location, p.name_key AS name_key ORDER BY p.id LIMIT 5000
