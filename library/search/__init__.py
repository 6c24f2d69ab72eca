"""Full-text search over published lessons (Whoosh), kept in sync with the database."""
