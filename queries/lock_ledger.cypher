// lock_ledger: start a write to the introductions ledger: hold the ledger's lock until the transaction ends
// params: none
// columns: none
MERGE (m:Meta {key: 'ledger'})
ON CREATE SET m.value = 0
SET m.value = m.value + 1
