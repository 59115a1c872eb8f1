// Batched update of changed items (content and hash; the label never changes).
UNWIND $rows AS row
MATCH (n:Item {id: row.id})
SET n.data = row.data, n.hash = row.hash
