// lift_suppression: forget --undo: stop skipping the keys of one forgotten person
// params: $grp
// columns: lifted
MATCH (s:Suppressed {grp: $grp})
DELETE s
RETURN count(s) AS lifted
