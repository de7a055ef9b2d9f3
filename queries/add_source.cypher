// add_source: record an imported file
// params: $row
// columns: none
CREATE (s:Source) SET s = $row
