// exports_of: how many exports each owner imported
// params: none
// columns: owner, files
MATCH (s:Source) WHERE s.sha256 <> 'manual'
RETURN s.owner_n AS owner, count(*) AS files
