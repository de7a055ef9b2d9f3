// erase_intro_events: delete the history of every introduction person $n is part of
// params: $n
// columns: deleted
MATCH (i:Intro) WHERE $n IN [i.rep_n, i.introducer_n, i.target_n]
MATCH (e:IntroEvent {intro_id: i.id})
DELETE e
RETURN count(e) AS deleted
