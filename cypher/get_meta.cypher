MATCH (m:ProvenanceMeta {key: $key})
RETURN m.value AS value
