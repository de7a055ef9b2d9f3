// titles_containing: titles containing $text (case-insensitive) with how many people hold each, commonest first
// params: $text, $limit
// columns: title, people
MATCH (p:Person)
WHERE p.title <> '' AND toLower(p.title) CONTAINS toLower($text)
WITH toLower(p.title) AS folded, min(p.title) AS title, count(*) AS people
RETURN title, people
ORDER BY people DESC, title
LIMIT $limit
