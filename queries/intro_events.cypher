// intro_events: every event of the introductions ledger
// params: none
// columns: id, intro_id, status, at, note
MATCH (e:IntroEvent)
RETURN e.id AS id, e.intro_id AS intro_id, e.status AS status, e.at AS at, e.note AS note
ORDER BY e.id
