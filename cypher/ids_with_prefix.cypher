// Ids that start with $prefix, in id order (a range scan of the unique id index).
MATCH (n:Item)
WHERE n.id STARTS WITH $prefix
RETURN n.id AS id
ORDER BY id
LIMIT $limit
