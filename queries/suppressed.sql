-- suppressed: the salted hashes of the keys of forgotten people
-- params: none
-- columns: hash
SELECT hash FROM suppressed
