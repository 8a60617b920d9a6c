"""Compressed copies of a kept page, made once, when it is stored.

A hit then costs no compression: the page cache picks the copy the reader's
`Accept-Encoding` asks for (Brotli, else gzip, else the page as rendered),
each with its own `Content-Length`, `Content-Encoding` and ETag, and every
copy says `Vary: Accept-Encoding` so that a CDN keeps them apart.

    copies = compressed_copies(headers, body)  # {"identity": Copy, "br": …}
    copies[chosen(environ.get("HTTP_ACCEPT_ENCODING", ""))]

Brotli at quality 5 and gzip at level 6: measured on the 200-reply article,
they give most of the size saving of the highest levels at a small part of the
cost, which a miss pays once (docs/performance.md).
"""

import gzip
from dataclasses import dataclass
from functools import lru_cache

import brotli

BROTLI_QUALITY = 5
GZIP_LEVEL = 6
# Bodies smaller than this are sent as they are: the headers would outweigh it.
SMALLEST = 512
COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/feed+json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/opensearchdescription+xml",
)
_DROPPED = {"content-length", "content-encoding", "etag", "vary"}


@dataclass(frozen=True)
class Copy:
    headers: list
    body: bytes
    etag: str | None


CODINGS = ("br", "gzip")
_COMPRESS = {
    "br": lambda body: brotli.compress(body, quality=BROTLI_QUALITY),
    "gzip": lambda body: gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0),
}


def compressed_copies(headers: list, body: bytes, codings=CODINGS) -> dict[str, Copy]:
    """The page as rendered ("identity") and, if worth it, its compressed copies
    in these codings (a miss sends one before it makes the others)."""
    named = {name.lower(): value for name, value in headers}
    etag = named.get("etag")
    if not _worth_compressing(named, body):
        return {"identity": Copy(headers, body, etag)}
    vary = _with_accept_encoding(named.get("vary", ""))
    kept = [(n, v) for n, v in headers if n.lower() not in _DROPPED]
    bodies = {"identity": body}
    bodies.update((coding, _COMPRESS[coding](body)) for coding in codings)
    copies = {}
    for coding, data in bodies.items():
        tagged = _etag_for(etag, coding)
        copy_headers = [*kept, ("Content-Length", str(len(data))), ("Vary", vary)]
        if coding != "identity":
            copy_headers.append(("Content-Encoding", coding))
        if tagged:
            copy_headers.append(("ETag", tagged))
        copies[coding] = Copy(copy_headers, data, tagged)
    return copies


@lru_cache(maxsize=256)
def chosen(accept_encoding: str) -> str:
    """The coding to send for this Accept-Encoding header (RFC 9110, 12.5.3).

    >>> chosen("gzip, deflate, br, zstd"), chosen("gzip;q=1.0, br;q=0"), chosen("")
    ('br', 'gzip', 'identity')
    """
    wanted = {}
    for part in accept_encoding.lower().split(","):
        coding, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        wanted[coding.strip()] = quality
    for coding in ("br", "gzip"):
        if wanted.get(coding, wanted.get("*", 0)) > 0:
            return coding
    return "identity"


def _worth_compressing(named: dict, body: bytes) -> bool:
    return (
        len(body) >= SMALLEST
        and "content-encoding" not in named
        and named.get("content-type", "").startswith(COMPRESSIBLE)
    )


def _with_accept_encoding(vary: str) -> str:
    names = [name.strip() for name in vary.split(",") if name.strip()]
    if "accept-encoding" not in {name.lower() for name in names}:
        names.append("Accept-Encoding")
    return ", ".join(names)


def _etag_for(etag: str | None, coding: str) -> str | None:
    """A distinct strong ETag for each copy: "abc" becomes "abc-br"."""
    if etag is None or coding == "identity":
        return etag
    return f'{etag[:-1]}-{coding}"' if etag.endswith('"') else f"{etag}-{coding}"
