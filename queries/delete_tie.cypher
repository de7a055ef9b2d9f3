// delete_tie: delete the tie between $a and $b
// params: $a, $b
// columns: none
MATCH (:Person {n: $a})-[t:TIE]->(:Person {n: $b}) DELETE t
