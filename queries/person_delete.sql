-- person_delete: delete a person, their ties and their team role
-- params: :n
-- columns: none
DELETE FROM ties WHERE a = :n OR b = :n;
DELETE FROM team WHERE n = :n;
DELETE FROM people WHERE n = :n
