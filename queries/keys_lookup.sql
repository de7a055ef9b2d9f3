-- keys_lookup: the person each identity key points at
-- params: :keys (list of key strings)
-- columns: key, n
SELECT key, n FROM person_keys WHERE key IN (SELECT value FROM json_each(:keys))
