"""`Mijn lessen`: lessons a teacher keeps, and named collections, private or shared by a link."""
