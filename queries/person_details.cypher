// person_details: one person's contact details (phone, birthday, street, postcode, location)
// params: $n
// columns: phone, birthday, street, postcode, location
MATCH (p:Person {n: $n})
RETURN coalesce(p.phone, '') AS phone, coalesce(p.birthday, '') AS birthday, coalesce(p.street, '') AS street,
       coalesce(p.postcode, '') AS postcode, p.location AS location
