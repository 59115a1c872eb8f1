MATCH (a)-[r:JUDGED]->(b)
RETURN a.id AS a, b.id AS b, r.props AS props
