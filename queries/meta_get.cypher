// meta_get: one setting of the store
// params: $key
// columns: value
MATCH (m:Meta {key: $key}) RETURN m.value AS value
