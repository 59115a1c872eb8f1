// One page of audit events in seq order.
MATCH (e:AuditEvent)
WHERE e.seq >= $start AND e.seq <= $end
RETURN e.seq AS seq, e.event_id AS event_id, e.prev_hash AS prev_hash, e.hash AS hash,
  e.body AS body
ORDER BY e.seq
LIMIT $limit
