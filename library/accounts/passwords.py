"""Password rules and hashing: long enough, not a common password, stored with scrypt."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 10
MAX_LENGTH = 200
COMMON_PASSWORDS = Path(__file__).parent / "data" / "common-passwords.txt"
HASH_METHOD = "scrypt"


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().casefold() for line in lines if line.strip() and not line.startswith("#")
    )


@cache
def _unknown_user_hash() -> str:
    """Checked when an e-mail address is unknown, so a login takes as long either way."""
    return generate_password_hash("not anyone's password", method=HASH_METHOD)


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """What is wrong with a new password, in Dutch; None when it may be used."""
    if len(password) < MIN_LENGTH:
        return f"Kies een wachtwoord van minstens {MIN_LENGTH} tekens."
    if len(password) > MAX_LENGTH:
        return f"Kies een wachtwoord van hoogstens {MAX_LENGTH} tekens."
    folded = password.casefold()
    if folded in common_passwords():
        return "Dit wachtwoord is te bekend en snel te raden. Kies een ander wachtwoord."
    personal = {email.casefold(), email.split("@")[0].casefold(), name.casefold()} - {""}
    if folded in personal:
        return "Je wachtwoord mag niet gelijk zijn aan je naam of e-mailadres."
    return None


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=HASH_METHOD)


def password_matches(password_hash: str | None, password: str) -> bool:
    """Check a password; without a hash, spend the same time and answer no."""
    if password_hash is None:
        check_password_hash(_unknown_user_hash(), password)
        return False
    return check_password_hash(password_hash, password)
