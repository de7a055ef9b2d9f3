// no_intro: people who asked never to be used as an introducer
// params: none
// columns: n
MATCH (p:Person) WHERE p.no_intro = true RETURN p.n AS n
