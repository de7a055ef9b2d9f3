-- ties_of_person: every tie of person :n: the other person and the tie's trust
-- params: :n
-- columns: other, trust, usable
SELECT CASE WHEN a = :n THEN b ELSE a END AS other, trust, usable FROM ties WHERE a = :n OR b = :n
