"""What the licence of a lesson allows its adaptations.

- `ND` (no derivatives): no adaptation at all.
- `SA` (share alike): the adaptation keeps exactly the same licence.
- `NC` (non commercial): the adaptation stays non-commercial.
- Otherwise any licence that still asks for attribution (CC0 only from CC0).
"""

from __future__ import annotations

from library.vocab.loader import Term, Vocabulary


def allows_adaptation(license: Term | None) -> bool:
    return license is None or bool(license.get("derivatives", True))


def allowed_for_adaptation(source: Term, licenses: Vocabulary) -> list[str]:
    """The licence keys an adaptation of a lesson under `source` may carry."""
    if not allows_adaptation(source):
        return []
    if source.get("share_alike"):
        return [source.key]
    candidates = [term for term in licenses if term.key != "CC0-1.0" or source.key == "CC0-1.0"]
    if source.get("non_commercial"):
        candidates = [term for term in candidates if term.get("non_commercial")]
    return [term.key for term in candidates]


def adaptation_licence_problem(source: Term, chosen: str, licenses: Vocabulary) -> str | None:
    """A Dutch explanation when `chosen` is not allowed for an adaptation of `source`."""
    allowed = allowed_for_adaptation(source, licenses)
    if chosen in allowed:
        return None
    names = " of ".join(licenses.label_of(key) for key in allowed)
    return (
        f"Deze les is een bewerking van een les onder {source.label}. "
        f"Je aangepaste versie moet daarom onder {names} blijven."
    )
