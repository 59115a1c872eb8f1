// The items of one event.
CREATE INDEX provenance_audit_item_seq IF NOT EXISTS FOR (i:AuditItem) ON (i.seq)
