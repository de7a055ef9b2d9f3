// intros: every introduction in the ledger
// params: none
// columns: id, rep_n, introducer_n, target_n, earned, status, created_at, updated_at, tier
MATCH (i:Intro)
RETURN i.id AS id, i.rep_n AS rep_n, i.introducer_n AS introducer_n, i.target_n AS target_n, i.earned AS earned,
       i.status AS status, i.created_at AS created_at, i.updated_at AS updated_at, i.tier AS tier
ORDER BY i.id
