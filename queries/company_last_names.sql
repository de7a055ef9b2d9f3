-- company_last_names: the distinct last names of the people at each of the given companies
-- params: :companies (list of company keys)
-- columns: company_key, last_key
SELECT DISTINCT company_key, last_key FROM people WHERE company_key IN (SELECT value FROM json_each(:companies))
