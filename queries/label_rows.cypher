// label_rows: every node with one label, as property maps (copying a store)
// params: $label
// columns: row
MATCH (x:$($label))
RETURN properties(x) AS row
