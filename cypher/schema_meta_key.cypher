// Store metadata (schema version).
CREATE CONSTRAINT provenance_meta_key IF NOT EXISTS FOR (m:ProvenanceMeta) REQUIRE m.key IS UNIQUE
