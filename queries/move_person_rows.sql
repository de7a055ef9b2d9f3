-- move_person_rows: during a merge: the keys, own keys, sightings and exports of person :gone now belong to :keep
-- params: :gone, :keep
-- columns: none
UPDATE person_keys SET n = :keep WHERE n = :gone;
UPDATE member_keys SET n = :keep WHERE n = :gone;
UPDATE sightings SET n = :keep WHERE n = :gone;
UPDATE sources SET owner_n = :keep WHERE owner_n = :gone
