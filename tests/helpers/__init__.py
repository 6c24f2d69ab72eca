"""What many test modules share: the test app, users and browsers, mail, lesson files.

Test modules import helpers from here, never from each other; fixtures live in the
`conftest.py` files.
"""
