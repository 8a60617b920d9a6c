"""The fastest any WSGI layer can be: granian calling a function that returns
fixed bytes (BENCH_PAGE, a file), with no lookup at all. bench/run.py serves
each page this way too, to show how much of the gap to nginx is the WSGI
bridge itself and how much is Broadsheet's page cache.
"""

import os
from pathlib import Path

BODY = Path(os.environ["BENCH_PAGE"]).read_bytes()
HEADERS = [
    ("Content-Type", "text/html; charset=utf-8"),
    ("Content-Length", str(len(BODY))),
]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
