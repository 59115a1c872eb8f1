// Anchored first: the id lookup, then the expansion (some planners keep pattern order).
UNWIND $ids AS item_id
MATCH (b:Item {id: item_id})
MATCH (b)<-[r]-(a)
WHERE type(r) IN $rels
RETURN a.id AS src, type(r) AS rel, b.id AS dst, r.props AS props
