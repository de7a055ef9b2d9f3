// mentions: every stored free text holding one of $words (lower case): where it is, its field, the text
// params: $words (list of lower-case strings)
// columns: id, field, text
MATCH (x:Evidence) WHERE any(w IN $words WHERE toLower(x.data) CONTAINS w)
RETURN elementId(x) AS id, 'evidence.data' AS field, x.data AS text
UNION ALL
MATCH (x:Evidence) WHERE any(w IN $words WHERE toLower(x.file) CONTAINS w)
RETURN elementId(x) AS id, 'evidence.file' AS field, x.file AS text
UNION ALL
MATCH (x:Sighting) WHERE any(w IN $words WHERE toLower(x.ref) CONTAINS w)
RETURN elementId(x) AS id, 'sightings.ref' AS field, x.ref AS text
UNION ALL
MATCH (x:Sighting) WHERE any(w IN $words WHERE toLower(x.file) CONTAINS w)
RETURN elementId(x) AS id, 'sightings.file' AS field, x.file AS text
UNION ALL
MATCH (x:Source) WHERE any(w IN $words WHERE toLower(x.path) CONTAINS w)
RETURN elementId(x) AS id, 'sources.path' AS field, x.path AS text
UNION ALL
MATCH (x:IntroEvent) WHERE any(w IN $words WHERE toLower(x.note) CONTAINS w)
RETURN elementId(x) AS id, 'intro_events.note' AS field, x.note AS text
UNION ALL
MATCH (x:Merge) WHERE any(w IN $words WHERE toLower(x.reason) CONTAINS w)
RETURN elementId(x) AS id, 'merges.reason' AS field, x.reason AS text
