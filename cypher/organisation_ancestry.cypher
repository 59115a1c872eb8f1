// Organisations $ids and all their PART_OF ancestors.
UNWIND $ids AS org_id
MATCH (o:Item {id: org_id})
MATCH (o)-[:PART_OF*0..]->(p)
RETURN DISTINCT p.id AS id, p.label AS label, p.data AS data, p.hash AS hash
