// Every graph item carries :Item; ids are unique across the whole store.
CREATE CONSTRAINT provenance_item_id IF NOT EXISTS FOR (n:Item) REQUIRE n.id IS UNIQUE
