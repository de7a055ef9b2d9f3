-- people_at_company_last: people at one company with one last name (candidates for a similar-name match)
-- params: :company_key, :last_key
-- columns: n, name_key, seniority
SELECT n, name_key, seniority FROM people WHERE company_key = :company_key AND last_key = :last_key
