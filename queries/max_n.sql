-- max_n: the highest person number
-- params: none
-- columns: max_n
SELECT COALESCE(MAX(n), 0) AS max_n FROM people
