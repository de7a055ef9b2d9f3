-- evidence_of_person: the evidence rows that name person :n
-- params: :n
-- columns: id, a, b
SELECT id, a, b FROM evidence WHERE a = :n OR b = :n
