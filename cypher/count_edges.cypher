MATCH ()-[r]->()
RETURN type(r) AS rel, count(r) AS count
