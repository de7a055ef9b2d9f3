-- people_by_ids: the numbers of the people with the given public ids (to find ids already taken)
-- params: :ids (list of public ids)
-- columns: n, id
SELECT n, id FROM people WHERE id IN (SELECT value FROM json_each(:ids))
