-- people_with_details: the people with one of the given phones, birthdays or postcodes, and their details
-- params: :phones (list), :birthdays (list), :postcodes (list)
-- columns: n, name_key, phone, birthday, street, postcode, location
SELECT n, name_key, phone, birthday, street, postcode, location FROM people
 WHERE phone != '' AND phone IN (SELECT value FROM json_each(:phones))
UNION
SELECT n, name_key, phone, birthday, street, postcode, location FROM people
 WHERE birthday != '' AND birthday IN (SELECT value FROM json_each(:birthdays))
UNION
SELECT n, name_key, phone, birthday, street, postcode, location FROM people
 WHERE postcode != '' AND postcode IN (SELECT value FROM json_each(:postcodes))
