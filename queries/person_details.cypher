// person_details: one person's folded name and contact details (phone, birthday, street, postcode, location)
// params: $n
// columns: name_key, phone, birthday, street, postcode, location
MATCH (p:Person {n: $n})
RETURN p.name_key AS name_key, coalesce(p.phone, '') AS phone, coalesce(p.birthday, '') AS birthday,
       coalesce(p.street, '') AS street, coalesce(p.postcode, '') AS postcode, coalesce(p.location, '') AS location
