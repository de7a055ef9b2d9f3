-- people_with_names: which of the given people are known by a name (not only by an email, URL or CRM label)
-- params: :ns (list of person numbers)
-- columns: n
SELECT n FROM people WHERE n IN (SELECT value FROM json_each(:ns)) AND name_key != ''
