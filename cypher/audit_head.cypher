// The head of the audit chain, read first in every write transaction.
MATCH (e:AuditEvent)
RETURN e.seq AS seq, e.hash AS hash
ORDER BY e.seq DESC
LIMIT 1
