// Batched upsert of PART_OF relationships (one per (src, dst); owner and props replaced).
UNWIND $rows AS row
MATCH (a:Item {id: row.src})
MATCH (b:Item {id: row.dst})
MERGE (a)-[r:PART_OF]->(b)
SET r.owner = row.owner, r.props = row.props
