// Every edge of the given types with the owner whose fields define it, streamed by the driver.
MATCH (a)-[r]->(b)
WHERE type(r) IN $rels
RETURN a.id AS src, type(r) AS rel, b.id AS dst, r.owner AS owner, r.props AS props
