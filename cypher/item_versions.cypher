// Label and content hash of the stored items among $ids (what planning an ingest needs).
UNWIND $ids AS item_id
MATCH (n:Item {id: item_id})
RETURN n.id AS id, n.label AS label, n.hash AS hash
