MATCH (n:Item)
RETURN n.label AS label, count(n) AS count
