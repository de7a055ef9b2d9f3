// contacts_brought: how many people each owner's exports tie them to
// params: none
// columns: owner, people
MATCH (e:Evidence)
MATCH (s:Source {id: e.source_id}) WHERE s.sha256 <> 'manual' AND s.owner_n IN [e.a, e.b]
RETURN s.owner_n AS owner, count(DISTINCT CASE WHEN e.a = s.owner_n THEN e.b ELSE e.a END) AS people
