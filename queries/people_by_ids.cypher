// people_by_ids: people by public id (to find ids already taken)
// params: $ids (list of public ids)
// columns: n, id, name, email, profile_url, company, title, seniority, functions, location
UNWIND $ids AS x
MATCH (p:Person {id: x})
RETURN p.n AS n, p.id AS id, p.name AS name, p.email AS email, p.profile_url AS profile_url, p.company AS company, p.title AS title, p.seniority AS seniority, p.functions AS functions, p.location AS location
