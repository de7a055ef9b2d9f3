// people_by_n: people by number
// params: $ns (list of person numbers)
// columns: n, id, name, email, profile_url, company, title, seniority, functions, location
UNWIND $ns AS x
MATCH (p:Person {n: x})
RETURN p.n AS n, p.id AS id, p.name AS name, p.email AS email, p.profile_url AS profile_url, p.company AS company, p.title AS title, p.seniority AS seniority, p.functions AS functions, p.location AS location
