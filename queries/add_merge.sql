-- add_merge: record a merge
-- params: :kept_n, :merged_id, :reason, :keys, :source_id, :at
-- columns: none
INSERT INTO merges (kept_n, merged_id, reason, keys, source_id, at) VALUES (:kept_n, :merged_id, :reason, :keys, :source_id, :at)
