// Batched upsert of CONTRADICTED_BY relationships (one per (src, dst); owner and props replaced).
// Each row is a list [src, dst, owner, props].
UNWIND $rows AS row
MATCH (a:Item {id: row[0]})
MATCH (b:Item {id: row[1]})
MERGE (a)-[r:CONTRADICTED_BY]->(b)
SET r.owner = row[2], r.props = row[3]
