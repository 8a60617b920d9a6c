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
