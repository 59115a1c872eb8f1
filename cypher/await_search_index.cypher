// Wait until the full-text index $index is online (a new index fills in the background).
CALL db.awaitIndex($index, $seconds)
