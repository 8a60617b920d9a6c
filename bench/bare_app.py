"""The fastest any WSGI layer can be: granian calling a function that returns
fixed bytes with no lookup at all — the page (BENCH_PAGE, a file) and the
headers Broadsheet sent with it (BENCH_HEADERS, a JSON list of pairs).
bench/run.py serves each page this way too, to show how much of the gap to
nginx is the WSGI bridge itself and how much is Broadsheet's page cache.
"""

import json
import os
from pathlib import Path

BODY = Path(os.environ["BENCH_PAGE"]).read_bytes()
HEADERS = [tuple(pair) for pair in json.loads(os.environ["BENCH_HEADERS"])]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
