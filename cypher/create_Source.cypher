// Batched create of Source nodes (the plan decided they are new; a racing writer's
// node makes this fail on the unique id constraint, and the transaction is retried).
// Each row is a list [id, data, hash] (lists pack and decode faster than maps).
UNWIND $rows AS row
CREATE (n:Item:Source {id: row[0], label: $label, data: row[1], hash: row[2]})
