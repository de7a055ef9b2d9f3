-- keep_apart: the keys the user has kept apart
-- params: none
-- columns: key_a, key_b
SELECT key_a, key_b FROM keep_apart
