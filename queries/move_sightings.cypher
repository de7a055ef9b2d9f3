// move_sightings: the sightings with the given ids now belong to person $n
// params: $ids, $n
// columns: none
UNWIND $ids AS x
MATCH (g:Sighting {id: x})
SET g.n = $n
