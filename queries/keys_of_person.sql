-- keys_of_person: the identity keys of person :n
-- params: :n
-- columns: key
SELECT key FROM person_keys WHERE n = :n
