// person_delete: delete a person and their ties
// params: $n
// columns: none
MATCH (p:Person {n: $n}) DETACH DELETE p
