// The item rows of the event $seq just appended in this transaction: each row is a list
// [item_id, label, hash, change]; key is "<seq>:<item id>" ($key_prefix is "<seq>:").
// CREATE: the event's seq is new (unique), so none of its keys can exist yet.
UNWIND $rows AS row
CREATE (i:AuditItem {key: $key_prefix + row[0], seq: $seq, item_id: row[0], label: row[1],
  hash: row[2], change: row[3]})
