// suppressed: salted hashes of the keys of forgotten people
// params: none
// columns: hash
MATCH (s:Suppressed) RETURN s.hash AS hash
