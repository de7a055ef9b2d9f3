-- set_ties: create or update a tie (a < b) with its trust and band (run once per tie)
-- params: :a, :b, :trust, :usable, :band
-- columns: none
INSERT OR REPLACE INTO ties (a, b, trust, usable, band) VALUES (:a, :b, :trust, :usable, :band)
