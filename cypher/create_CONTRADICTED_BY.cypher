// Batched create of CONTRADICTED_BY relationships owned by items this ingest creates (a new item has
// no edges yet, and the batch's repeats of one edge were collapsed before), grouped by
// source node: each row is [src, [[dst, owner, props], ...]] (one id lookup per src).
UNWIND $rows AS row
MATCH (a:Item {id: row[0]})
UNWIND row[1] AS e
MATCH (b:Item {id: e[0]})
CREATE (a)-[r:CONTRADICTED_BY {owner: e[1], props: e[2]}]->(b)
