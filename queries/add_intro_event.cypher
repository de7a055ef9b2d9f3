// add_intro_event: add a step or note to an introduction's history; with $set_status the introduction moves to the event's status
// params: $event (property map), $set_status
// columns: none
MATCH (i:Intro {id: $event.intro_id})
CREATE (e:IntroEvent)
SET e = $event
WITH i
WHERE $set_status
SET i.status = $event.status, i.updated_at = $event.at
