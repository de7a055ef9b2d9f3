// erase_sightings: delete the record of where person $n was seen
// params: $n
// columns: deleted
MATCH (s:Sighting {n: $n})
DELETE s
RETURN count(s) AS deleted
