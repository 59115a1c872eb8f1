MERGE (m:ProvenanceMeta {key: $key})
ON CREATE SET m.value = $value
RETURN m.value AS value
