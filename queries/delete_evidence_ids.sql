-- delete_evidence_ids: delete evidence rows by id
-- params: :ids (list of evidence ids)
-- columns: none
DELETE FROM evidence WHERE id IN (SELECT value FROM json_each(:ids))
