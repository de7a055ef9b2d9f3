// add_sightings: record which file and line each person was seen on, and how the row was matched
// params: $rows (list of property maps)
// columns: none
UNWIND $rows AS r
CREATE (s:Sighting)
SET s = r
