// Whether the store holds any item yet (planning skips the id lookups on a fresh store).
MATCH (n:Item)
RETURN n.id AS id
LIMIT 1
