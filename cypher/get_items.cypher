UNWIND $ids AS item_id
MATCH (n:Item {id: item_id})
RETURN n.id AS id, n.label AS label, n.data AS data, n.hash AS hash
