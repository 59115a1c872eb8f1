// The current duplicate judgement of an ordered pair of incidents.
MATCH (a:Item {id: $a})
MATCH (b:Item {id: $b})
MERGE (a)-[r:JUDGED]->(b)
SET r.owner = $owner, r.props = $props
