"""Lessons: models, the service that saves revisions, queries and pages."""
