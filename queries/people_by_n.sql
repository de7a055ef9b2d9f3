-- people_by_n: people by number
-- params: :ns (list of person numbers)
-- columns: n, id, name, email, profile_url, company, title, seniority, functions, location
SELECT n, id, name, email, profile_url, company, title, seniority, functions, location FROM people
 WHERE n IN (SELECT value FROM json_each(:ns))
