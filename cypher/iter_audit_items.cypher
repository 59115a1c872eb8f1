// One page of audit item rows in (seq, item_id) order: rows from seq $start on that come
// after the row ($after_seq, $after_id) (the first page: $after_seq = $start - 1).
MATCH (i:AuditItem)
WHERE i.seq >= $start AND i.seq <= $end
  AND (i.seq > $after_seq OR i.item_id > $after_id)
RETURN i.seq AS seq, i.item_id AS item_id, i.label AS label, i.hash AS hash, i.change AS change
ORDER BY i.seq, i.item_id
LIMIT $limit
