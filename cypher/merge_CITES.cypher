// Batched upsert of CITES relationships (one per (src, dst); owner and props replaced).
UNWIND $rows AS row
MATCH (a:Item {id: row.src})
MATCH (b:Item {id: row.dst})
MERGE (a)-[r:CITES]->(b)
SET r.owner = row.owner, r.props = row.props
