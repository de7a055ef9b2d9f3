// generation: the store's generation (bumped by every write)
// params: none
// columns: generation
OPTIONAL MATCH (m:Meta {key: 'generation'})
RETURN coalesce(m.value, 0) AS generation
