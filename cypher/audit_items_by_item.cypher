// Every audit event's rows for the items $item_ids (the caller sorts them).
UNWIND $item_ids AS wanted
MATCH (i:AuditItem {item_id: wanted})
RETURN i.seq AS seq, i.item_id AS item_id, i.label AS label, i.hash AS hash, i.change AS change
