// create_people: new people, with every property given
// params: $rows (list of property maps)
// columns: none
UNWIND $rows AS r
CREATE (p:Person)
SET p = r
