// lock_store: start a write: bump the generation, which holds the store's write lock until the transaction ends
// params: none
// columns: generation
MERGE (m:Meta {key: 'generation'})
ON CREATE SET m.value = 0
SET m.value = m.value + 1
RETURN m.value AS generation
