// Batched upsert of REPORTED_BY relationships (one per (src, dst); owner and props replaced).
UNWIND $rows AS row
MATCH (a:Item {id: row.src})
MATCH (b:Item {id: row.dst})
MERGE (a)-[r:REPORTED_BY]->(b)
SET r.owner = row.owner, r.props = row.props
