"""Plain text every output format can carry.

    >>> without_control_characters("Bell\\x07 and\\ttab\\r\\n")
    'Bell and\\ttab\\r\\n'

XML 1.0 cannot carry most C0 control characters, surrogates, U+FFFE or
U+FFFF: one of them in a reply's name made every reply feed answer 500. They
are dropped where readers type (the reply forms), where text is stored, and
again where feeds are written, since imported data may hold them already. The
C1 controls and DEL are dropped too: XML allows them, no reader types them.
"""

import re

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def without_control_characters(text: str) -> str:
    """The text less every control character but tab, line feed and return."""
    return _CONTROL.sub("", text)


# Marks that show nothing yet change how the text around them reads: the
# bidirectional overrides and isolates ("Bob\u202eevil" is read backwards), the
# zero-width space and no-break space, the soft hyphen. Zero-width joiners
# stay: some scripts and emoji need them.
_INVISIBLE = re.compile("[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def without_invisible_marks(text: str) -> str:
    """The text less the invisible marks that could disguise a name."""
    return _INVISIBLE.sub("", without_control_characters(text))


# Digits in an ID: a 64-bit one has at most 20.
ID_DIGITS = 20


def whole_number(text: str, most_digits: int = ID_DIGITS) -> int | None:
    """The number `text` writes in ASCII digits (at most `most_digits` of
    them), or None. str.isdigit() alone lets through "²", which int() refuses,
    "١٠١", which it reads as 101, and numbers too long for int() to read.

    >>> whole_number("101"), whole_number("²"), whole_number("١٠١"), whole_number("")
    (101, None, None, None)
    """
    if text.isascii() and text.isdigit() and len(text) <= most_digits:
        return int(text)
    return None
