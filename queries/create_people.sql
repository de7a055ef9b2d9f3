-- create_people: a new person, with every column given (run once per person)
-- params: :n, :id, :name, :name_key, :last_key, :email, :profile_url, :company, :company_key, :title, :seniority, :functions, :location, :phone, :birthday, :street, :postcode
-- columns: none
INSERT INTO people (n, id, name, name_key, last_key, email, profile_url, company, company_key, title, seniority,
                    functions, location, phone, birthday, street, postcode)
VALUES (:n, :id, :name, :name_key, :last_key, :email, :profile_url, :company, :company_key, :title, :seniority,
        :functions, :location, :phone, :birthday, :street, :postcode)
