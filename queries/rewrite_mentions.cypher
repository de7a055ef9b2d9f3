// rewrite_mentions: give each found mention its new text
// params: $rows (list of {id, props: {field: text}})
// columns: none
UNWIND $rows AS r
MATCH (x) WHERE elementId(x) = r.id
SET x += r.props
