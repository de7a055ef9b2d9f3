-- meta_get: one setting of the store
-- params: :key
-- columns: value
SELECT value FROM meta WHERE key = :key
