// As create_PART_OF, grouped by target node: each row is [dst, [[src, owner, props], ...]]
// (used when the batch's PART_OF edges have fewer distinct targets than sources).
UNWIND $rows AS row
MATCH (b:Item {id: row[0]})
UNWIND row[1] AS e
MATCH (a:Item {id: e[0]})
CREATE (a)-[r:PART_OF {owner: e[1], props: e[2]}]->(b)
