-- add_sightings: record which file and line a person was seen on, and how the row was matched (run once per row)
-- params: :source_id, :file, :line, :n, :how, :ref
-- columns: none
INSERT INTO sightings (source_id, file, line, n, how, ref) VALUES (:source_id, :file, :line, :n, :how, :ref)
