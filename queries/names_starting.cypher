// names_starting: distinct display names whose folded form starts with $prefix (for 'did you mean')
// params: $prefix
// columns: name
MATCH (p:Person) WHERE p.name_key STARTS WITH $prefix
RETURN DISTINCT p.name AS name LIMIT 2000
