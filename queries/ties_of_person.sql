-- ties_of_person: every tie of person :n: the other person, the tie's trust, whether it may be used, its band
-- params: :n
-- columns: other, trust, usable, band
SELECT CASE WHEN a = :n THEN b ELSE a END AS other, trust, usable, band FROM ties WHERE a = :n OR b = :n
