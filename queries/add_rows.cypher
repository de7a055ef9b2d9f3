// add_rows: create nodes with one label from property maps (copying a store)
// params: $label, $rows
// columns: none
UNWIND $rows AS r
CREATE (x:$($label))
SET x = r
