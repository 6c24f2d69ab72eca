"""Atom feeds of new lessons: the whole library, or the lessons of one search."""
