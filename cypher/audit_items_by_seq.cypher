// The item rows of the audit events $seqs (the caller sorts them).
UNWIND $seqs AS event_seq
MATCH (i:AuditItem {seq: event_seq})
RETURN i.seq AS seq, i.item_id AS item_id, i.label AS label, i.hash AS hash, i.change AS change
