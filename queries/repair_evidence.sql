-- repair_evidence: point an evidence row at another pair (run once per row)
-- params: :id, :a, :b
-- columns: none
UPDATE evidence SET a = :a, b = :b WHERE id = :id
