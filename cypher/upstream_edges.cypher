// The edges of the upstream evidence graph of the claims $ids in one round trip, with the
// item each edge leads to: each claim's SUPPORTED_BY / CONTRADICTED_BY edges, then every
// CITES / QUOTES edge leaving a source reachable from that evidence (only sources have them).
UNWIND $ids AS claim_id
MATCH (c:Item {id: claim_id})
MATCH (c)-[r:SUPPORTED_BY|CONTRADICTED_BY]->(e)
RETURN 0 AS round, c.id AS src, type(r) AS rel, e.id AS dst, e.label AS label, e.data AS data,
  e.hash AS hash
UNION
UNWIND $ids AS claim_id
MATCH (c:Item {id: claim_id})
MATCH (c)-[:SUPPORTED_BY|CONTRADICTED_BY]->()-[:CITES|QUOTES*0..]->(s)
MATCH (s)-[q:CITES|QUOTES]->(t)
RETURN 1 AS round, s.id AS src, type(q) AS rel, t.id AS dst, t.label AS label, t.data AS data,
  t.hash AS hash
