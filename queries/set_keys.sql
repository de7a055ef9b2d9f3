-- set_keys: point an identity key at a person (a new key, or one that changes hands; run once per key)
-- params: :key, :n
-- columns: none
INSERT OR REPLACE INTO person_keys (key, n) VALUES (:key, :n)
