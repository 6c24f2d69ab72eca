"""Adapting lessons: fork a lesson for your own class, take over later changes of the
original section by section, and restore an old revision."""
