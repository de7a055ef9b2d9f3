-- set_ties: create or update a tie (a < b) with its trust (run once per tie)
-- params: :a, :b, :trust, :usable
-- columns: none
INSERT OR REPLACE INTO ties (a, b, trust, usable) VALUES (:a, :b, :trust, :usable)
