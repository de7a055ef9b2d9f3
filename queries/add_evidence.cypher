// add_evidence: store evidence rows (one per thing a file said about a tie)
// params: $rows (list of property maps)
// columns: none
UNWIND $rows AS r
CREATE (e:Evidence)
SET e = r
