// One page of a label's items in id order (keyset pagination).
MATCH (n:Item)
WHERE n.label = $label AND n.id > $after
RETURN n.id AS id, n.label AS label, n.data AS data, n.hash AS hash
ORDER BY n.id
LIMIT $limit
