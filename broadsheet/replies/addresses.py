"""The one stored form of a reader's email address.

    >>> normalise("  Alice.Victim@MAILBOX.Example ")
    'alice.victim@mailbox.example'
    >>> normalise("alice.victim@maılbox.example")   # dotless ı: another domain
    'alice.victim@xn--malbox-q9a.example'
    >>> normalise("ａｌｉｃｅ@mailbox.example")       # full-width letters
    'alice@mailbox.example'

Every address is normalised once, where it comes in (the forms, and `save()` of
every model that keeps one), and every lookup compares the stored strings
exactly: never `iexact`, whose folding differs between Python, SQLite and
PostgreSQL (PostgreSQL folds `ı` to `I`, which once opened one reader's replies
to a link mailed to another mailbox). Mail goes to the stored form, so the
address a link is mailed to and the address whose data it opens are one string.
"""

import contextlib
import unicodedata


def normalise(address: str) -> str:
    """NFKC, trimmed, lower-case, with the domain in IDNA (ASCII) form."""
    address = unicodedata.normalize("NFKC", address).strip()
    local, at, domain = address.rpartition("@")
    if not at:
        return address.lower()
    # Python's IDNA codec, as Django's EmailValidator and its mail sending use.
    # A domain it cannot encode is refused by the forms; stored data keeps it.
    with contextlib.suppress(UnicodeError):
        domain = domain.encode("idna").decode("ascii")
    return f"{local.lower()}@{domain.lower()}"
