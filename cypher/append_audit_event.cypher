// Append one event; MERGE on event_id so a replayed transaction adds nothing.
MERGE (e:AuditEvent {event_id: $event_id})
ON CREATE SET e.seq = $seq, e.prev_hash = $prev_hash, e.hash = $hash, e.body = $body
RETURN e.seq AS seq
