// Batched create of Witness nodes (the plan decided they are new; a racing writer's
// node makes this fail on the unique id constraint, and the transaction is retried).
UNWIND $rows AS row
CREATE (n:Item:Witness {id: row.id, label: row.label, data: row.data, hash: row.hash})
