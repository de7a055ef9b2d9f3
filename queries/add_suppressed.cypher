// add_suppressed: keep salted hashes of a forgotten person's keys, so later imports skip them
// params: $rows (list of {hash, grp, at})
// columns: none
UNWIND $rows AS r
MERGE (s:Suppressed {hash: r.hash})
ON CREATE SET s.grp = r.grp, s.at = r.at
