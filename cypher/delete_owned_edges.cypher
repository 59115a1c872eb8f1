// Remove the edges owned by updated items before their new edges are written.
UNWIND $ids AS owner_id
MATCH (n:Item {id: owner_id})
MATCH (n)-[r]-()
WHERE r.owner = owner_id
DELETE r
