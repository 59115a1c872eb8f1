// Every edge out of and into one item (outgoing first).
MATCH (a:Item {id: $id})
MATCH (a)-[r]->(b)
RETURN a.id AS src, type(r) AS rel, b.id AS dst, r.props AS props, 0 AS direction
UNION ALL
MATCH (b:Item {id: $id})
MATCH (b)<-[r]-(a)
RETURN a.id AS src, type(r) AS rel, b.id AS dst, r.props AS props, 1 AS direction
