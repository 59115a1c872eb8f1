// One event per position of the chain: concurrent writers retry instead of forking it.
CREATE CONSTRAINT provenance_audit_seq IF NOT EXISTS FOR (e:AuditEvent) REQUIRE e.seq IS UNIQUE
