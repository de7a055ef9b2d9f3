-- people_named: everyone whose folded name is one of :name_keys
-- params: :name_keys (list)
-- columns: name_key, n
SELECT name_key, n FROM people WHERE name_key IN (SELECT value FROM json_each(:name_keys))
