// people_with_details: the people with one of the given phones, birthdays or postcodes, and their details
// params: $phones (list), $birthdays (list), $postcodes (list)
// columns: n, name_key, phone, birthday, street, postcode, location
CALL () {
  UNWIND $phones AS v MATCH (p:Person {phone: v}) RETURN p
  UNION
  UNWIND $birthdays AS v MATCH (p:Person {birthday: v}) RETURN p
  UNION
  UNWIND $postcodes AS v MATCH (p:Person {postcode: v}) RETURN p
}
RETURN p.n AS n, p.name_key AS name_key, coalesce(p.phone, '') AS phone, coalesce(p.birthday, '') AS birthday,
       coalesce(p.street, '') AS street, coalesce(p.postcode, '') AS postcode, coalesce(p.location, '') AS location
