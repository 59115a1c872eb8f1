// Batched update of items' search properties (provenance.store.search.index_document).
// Each row is a list [id, id words, text words, hashed keys].
UNWIND $rows AS row
MATCH (n:Item {id: row[0]})
SET n.search_ids = row[1], n.search_text = row[2], n.search_keys = row[3]
