-- update_people: change some columns of a person: a NULL leaves the column as it is (run once per person)
-- params: :n, :name, :name_key, :last_key, :email, :profile_url, :company, :company_key, :title, :seniority, :functions, :location, :phone, :birthday, :street, :postcode
-- columns: none
UPDATE people SET name = coalesce(:name, name), name_key = coalesce(:name_key, name_key),
  last_key = coalesce(:last_key, last_key), email = coalesce(:email, email),
  profile_url = coalesce(:profile_url, profile_url), company = coalesce(:company, company),
  company_key = coalesce(:company_key, company_key), title = coalesce(:title, title),
  seniority = coalesce(:seniority, seniority), functions = coalesce(:functions, functions),
  location = coalesce(:location, location), phone = coalesce(:phone, phone), birthday = coalesce(:birthday, birthday),
  street = coalesce(:street, street), postcode = coalesce(:postcode, postcode)
WHERE n = :n
