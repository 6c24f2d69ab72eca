"""`Overzicht`: what the published lessons cover, and where the blind spots are."""
