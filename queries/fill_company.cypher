// fill_company: a company read off a work email, for the people who have no company yet
// params: $rows (list of {n, company, company_key})
// columns: none
UNWIND $rows AS r
MATCH (p:Person {n: r.n}) WHERE coalesce(p.company, '') = ''
SET p.company = r.company, p.company_key = r.company_key
