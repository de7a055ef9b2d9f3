// allocate_ids: reserve $count consecutive ids of the sequence $sequence; returns the first
// params: $sequence, $count
// columns: first
MERGE (m:Meta {key: $sequence})
ON CREATE SET m.value = 0
SET m.value = m.value + $count
RETURN m.value - $count + 1 AS first
