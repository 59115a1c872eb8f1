// The full-text index of search (provenance.store.search): id words, text words and
// hashed exact keys, set on every item by set_search in the transaction that writes it.
CREATE FULLTEXT INDEX provenance_search IF NOT EXISTS
FOR (n:Item) ON EACH [n.search_ids, n.search_text, n.search_keys]
