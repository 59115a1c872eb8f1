MATCH (i:AuditItem)
WHERE i.seq = $seq
RETURN i.seq AS seq, i.item_id AS item_id, i.label AS label, i.hash AS hash, i.change AS change
ORDER BY i.item_id
