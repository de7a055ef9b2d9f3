// source_exists: the source already imported from a file with $sha256 for owner $owner_n
// params: $sha256, $owner_n
// columns: id
MATCH (s:Source {sha256: $sha256, owner_n: $owner_n}) RETURN s.id AS id LIMIT 1
