"""Check stage: a content folder → a Catalog, or every mistake located at once."""
