// client_evidence: deals, and client relationships, with the pair they are about
// params: none
// columns: a, b, kind, data
MATCH (e:Evidence)
WHERE e.kind = 'deal' OR (e.kind = 'relationship' AND e.data CONTAINS '"tier": "client"')
RETURN e.a AS a, e.b AS b, e.kind AS kind, e.data AS data
