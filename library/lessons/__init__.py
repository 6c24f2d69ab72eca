"""Lessons: models, the service that saves revisions, queries, lineage, and lesson files in
and out of the library (`flask content`)."""
