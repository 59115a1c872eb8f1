MATCH (j:OutletJudgement)
RETURN j.a AS a, j.b AS b, j.props AS props
