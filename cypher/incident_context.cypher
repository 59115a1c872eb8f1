// Each incident with the fields of its claims and the props of the ASSESSES edges into it.
UNWIND $ids AS incident_id
MATCH (i:Item {id: incident_id})
OPTIONAL MATCH (i)-[:HAS_CLAIM]->(c)
WITH i, collect(c.data) AS claims
OPTIONAL MATCH (i)<-[a:ASSESSES]-()
RETURN i.id AS id, i.data AS data, claims, collect(a.props) AS assessments
