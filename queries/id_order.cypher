// id_order: every person's number, by public id
// params: none
// columns: n, id
MATCH (p:Person) RETURN p.n AS n, p.id AS id ORDER BY p.id
