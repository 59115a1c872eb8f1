// The history of one item.
CREATE INDEX provenance_audit_item_item IF NOT EXISTS FOR (i:AuditItem) ON (i.item_id)
