// suppression_group: which forgotten person (group) a key hash belongs to
// params: $hash
// columns: grp
MATCH (s:Suppressed {hash: $hash}) RETURN s.grp AS grp
