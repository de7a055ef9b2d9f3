-- people_with_url: which of the given people have a LinkedIn profile-URL key
-- params: :ns (list of person numbers)
-- columns: n
SELECT DISTINCT n FROM person_keys WHERE n IN (SELECT value FROM json_each(:ns)) AND key >= 'li:' AND key < 'li;'
