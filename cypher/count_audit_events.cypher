MATCH (e:AuditEvent)
RETURN count(e) AS count
