// Items matching a Lucene query on the full-text index (the text is escaped by the caller),
// best score first; only one label's when $label is given. $index: provenance_search.
CALL db.index.fulltext.queryNodes($index, $query) YIELD node, score
WITH node, score
WHERE $label IS NULL OR node.label = $label
RETURN node.id AS id, node.label AS label, node.data AS data, score
ORDER BY score DESC, id
LIMIT $limit
