// One step of the upstream traversal in one round trip: the edges of types $rels leaving the
// items $ids, each with the item it leads to.
UNWIND $ids AS item_id
MATCH (a:Item {id: item_id})
MATCH (a)-[r]->(b)
WHERE type(r) IN $rels
RETURN a.id AS src, type(r) AS rel, b.id AS dst, r.props AS props, b.label AS label,
  b.data AS data, b.hash AS hash
