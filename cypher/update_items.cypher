// Batched update of changed items (content and hash; the label never changes).
// Each row is a list [id, data, hash].
UNWIND $rows AS row
MATCH (n:Item {id: row[0]})
SET n.data = row[1], n.hash = row[2]
