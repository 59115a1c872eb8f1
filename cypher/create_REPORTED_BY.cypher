// Batched create of REPORTED_BY relationships owned by items this ingest creates (a new item has
// no edges yet, and the batch's repeats of one edge were collapsed before).
UNWIND $rows AS row
MATCH (a:Item {id: row.src})
MATCH (b:Item {id: row.dst})
CREATE (a)-[r:REPORTED_BY {owner: row.owner, props: row.props}]->(b)
