// move_person_rows: during a merge: the keys, own keys, sightings and exports of person $gone now belong to $keep
// params: $gone, $keep
// columns: none
CALL () { MATCH (pk:PersonKey {n: $gone}) SET pk.n = $keep }
CALL () { MATCH (mk:MemberKey {n: $gone}) SET mk.n = $keep }
CALL () { MATCH (s:Sighting {n: $gone}) SET s.n = $keep }
CALL () { MATCH (s:Source {owner_n: $gone}) SET s.owner_n = $keep }
