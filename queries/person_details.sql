-- person_details: one person's folded name and contact details (phone, birthday, street, postcode, location)
-- params: :n
-- columns: name_key, phone, birthday, street, postcode, location
SELECT name_key, phone, birthday, street, postcode, location FROM people WHERE n = :n
