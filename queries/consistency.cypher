// consistency: how many nodes and ties break each of the store's rules (pathfinder check)
// params: none
// columns: evidence_people, evidence_sources, ties_trust, ties_band, ties_direction, keys_people, member_keys_people, sightings_people, intros_people, orphan_ties
RETURN
  COUNT { MATCH (e:Evidence) WHERE NOT EXISTS { MATCH (:Person {n: e.a}) } OR NOT EXISTS { MATCH (:Person {n: e.b}) } } AS evidence_people,
  COUNT { MATCH (e:Evidence) WHERE NOT EXISTS { MATCH (:Source {id: e.source_id}) } } AS evidence_sources,
  COUNT { MATCH ()-[t:TIE]->() WHERE NOT (t.trust > 0 AND t.trust < 1) } AS ties_trust,
  COUNT { MATCH ()-[t:TIE]->() WHERE NOT coalesce(t.band, 0) IN [0, 1, 2] } AS ties_band,
  COUNT { MATCH (a:Person)-[:TIE]->(b:Person) WHERE a.n >= b.n } AS ties_direction,
  COUNT { MATCH (k:PersonKey) WHERE k.n <> 0 AND NOT EXISTS { MATCH (:Person {n: k.n}) } } AS keys_people,
  COUNT { MATCH (k:MemberKey) WHERE NOT EXISTS { MATCH (:Person {n: k.n}) } } AS member_keys_people,
  COUNT { MATCH (g:Sighting) WHERE NOT EXISTS { MATCH (:Person {n: g.n}) } } AS sightings_people,
  COUNT { MATCH (i:Intro) WHERE NOT EXISTS { MATCH (:Person {n: i.rep_n}) } OR NOT EXISTS { MATCH (:Person {n: i.introducer_n}) }
          OR NOT EXISTS { MATCH (:Person {n: i.target_n}) } } AS intros_people,
  COUNT { MATCH (a:Person)-[:TIE]->(b:Person) WHERE NOT EXISTS { MATCH (:Evidence {a: a.n, b: b.n}) } } AS orphan_ties
