// A retried transaction never appends its event twice.
CREATE CONSTRAINT provenance_audit_event_id IF NOT EXISTS FOR (e:AuditEvent) REQUIRE e.event_id IS UNIQUE
