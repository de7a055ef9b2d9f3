// add_merge: record a merge
// params: $row
// columns: none
CREATE (m:Merge) SET m = $row
