"""History of lessons: revisions, comparisons (with each other, with the original), lineage."""
