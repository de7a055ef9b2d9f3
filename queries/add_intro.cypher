// add_intro: put an introduction in the ledger, with its first event
// params: $intro (property map), $event (property map)
// columns: none
CREATE (i:Intro)
SET i = $intro
CREATE (e:IntroEvent)
SET e = $event
