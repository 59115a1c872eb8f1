MATCH (i:AuditItem)
WHERE i.item_id = $item_id
RETURN i.seq AS seq, i.item_id AS item_id, i.label AS label, i.hash AS hash, i.change AS change
ORDER BY i.seq
