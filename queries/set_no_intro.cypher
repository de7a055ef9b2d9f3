// set_no_intro: person $n asked (or no longer asks) never to be used as an introducer
// params: $n, $value
// columns: none
MATCH (p:Person {n: $n}) SET p.no_intro = $value
