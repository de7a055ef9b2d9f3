// erase_intros: delete every introduction person $n is part of
// params: $n
// columns: deleted
MATCH (i:Intro) WHERE $n IN [i.rep_n, i.introducer_n, i.target_n]
DELETE i
RETURN count(i) AS deleted
