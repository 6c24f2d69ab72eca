"""The lesson file format: parse, validate, import and export (see the format spec)."""
