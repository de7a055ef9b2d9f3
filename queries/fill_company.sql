-- fill_company: a company read off a work email, for a person who has no company yet (run once per person)
-- params: :n, :company, :company_key
-- columns: none
UPDATE people SET company = :company, company_key = :company_key WHERE n = :n AND company = ''
