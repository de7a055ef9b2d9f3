// drop_keep_apart: the user no longer keeps these pairs of keys apart
// params: $pairs (list of [key_a, key_b])
// columns: none
UNWIND $pairs AS pair
MATCH (k:KeepApart {key_a: pair[0], key_b: pair[1]})
DELETE k
