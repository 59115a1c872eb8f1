UNWIND $rows AS row
MERGE (i:AuditItem {key: row.key})
ON CREATE SET i.seq = row.seq, i.item_id = row.item_id, i.label = row.label,
  i.hash = row.hash, i.change = row.change
