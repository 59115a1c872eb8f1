// One row per (event, item): key is "<seq>:<item id>".
CREATE CONSTRAINT provenance_audit_item_key IF NOT EXISTS FOR (i:AuditItem) REQUIRE i.key IS UNIQUE
