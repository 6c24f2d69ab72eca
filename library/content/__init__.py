"""The lesson file format: front matter and body, parsed and validated, written back.

It knows no feature and no database: `lessons.importer` and `lessons.exporter` carry
lesson files in and out of the library (docs/lesson-format.md specifies the format).
"""
