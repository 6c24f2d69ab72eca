"""The catalogue: the pages everyone reads lessons on (home, the list, a lesson, its files).

They sit above the lessons and the search, because a lesson's page shows lessons like it.
"""
