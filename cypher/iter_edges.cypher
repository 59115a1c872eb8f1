// Every edge of the given types, streamed by the driver.
MATCH (a)-[r]->(b)
WHERE type(r) IN $rels
RETURN a.id AS src, type(r) AS rel, b.id AS dst, r.props AS props
