// meta_set: set one setting of the store
// params: $key, $value
// columns: none
MERGE (m:Meta {key: $key}) SET m.value = $value
