// The audit events among $seqs (the caller sorts them).
UNWIND $seqs AS event_seq
MATCH (e:AuditEvent {seq: event_seq})
RETURN e.seq AS seq, e.event_id AS event_id, e.prev_hash AS prev_hash, e.hash AS hash,
  e.body AS body
