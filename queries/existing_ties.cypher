// existing_ties: which of the given pairs already have a tie
// params: $pairs (list of [a, b] with a < b)
// columns: a, b
UNWIND $pairs AS pr
MATCH (a:Person {n: pr[0]})-[:TIE]->(b:Person {n: pr[1]})
RETURN a.n AS a, b.n AS b
