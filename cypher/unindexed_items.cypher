// Items written before the search index existed (no search properties yet), a page at a time.
MATCH (n:Item)
WHERE n.search_ids IS NULL
RETURN n.id AS id, n.label AS label, n.data AS data
LIMIT $limit
