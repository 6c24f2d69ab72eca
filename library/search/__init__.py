"""Full-text search over published lessons, kept in step with the database.

The package's modules are the engine-neutral core; each subpackage is a backend
(`whoosh`) that only `sync` chooses and builds (see `backend`).
"""
