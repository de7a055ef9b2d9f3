// ties_all: every tie as (a, b, trust); with $usable_only not the do-not-ask ones
// params: $usable_only
// columns: a, b, trust
MATCH (a:Person)-[t:TIE]->(b:Person)
WHERE NOT $usable_only OR t.usable
RETURN a.n AS a, b.n AS b, t.trust AS trust
