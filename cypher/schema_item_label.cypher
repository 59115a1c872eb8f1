// Streaming reads and counts by label.
CREATE INDEX provenance_item_label IF NOT EXISTS FOR (n:Item) ON (n.label)
