"""The controlled vocabularies (worlds, grades, goals, ...), kept as data files in `data/`."""

from library.vocab.loader import Cycle, Term, Vocabularies, Vocabulary, get_vocabularies

__all__ = ["Cycle", "Term", "Vocabularies", "Vocabulary", "get_vocabularies"]
