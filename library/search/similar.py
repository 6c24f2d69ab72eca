"""What "Meer zoals deze" means, for every backend: shared key words and shared facet values."""

# The words of a lesson that say most what it is about, at most this many.
SIMILAR_KEY_TERMS = 12
# What a shared facet value adds to the likeness of two lessons.
SIMILAR_FACETS = {"technology": 1.5, "occupation": 1.0, "goal": 1.0, "world": 0.8, "grade": 0.4}
