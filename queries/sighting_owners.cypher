// sighting_owners: whose exports each of the people $ns was seen in
// params: $ns
// columns: n, owner
MATCH (g:Sighting) WHERE g.n IN $ns
MATCH (s:Source {id: g.source_id})
RETURN DISTINCT g.n AS n, s.owner_n AS owner
