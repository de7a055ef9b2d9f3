// node_attributes: everyone's company key and seniority, for the local search index
// params: none
// columns: n, company_key, seniority
MATCH (p:Person)
RETURN p.n AS n, p.company_key AS company_key, p.seniority AS seniority
