"""Call the production WSGI application (the page cache in front of Django)
as a server would, for tests of what only that layer does."""

import io

from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from broadsheet.caching.wsgi import storer
from broadsheet.wsgi import application


def get_bytes(path, method="GET", between=None, **headers):
    """Call the production WSGI application as a server would.

    between(): run after the first chunk of the body is read and before the
    response is closed (after which a missed page is kept).
    """
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1:8000",
        "wsgi.input": io.BytesIO(),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
        "SERVER_PROTOCOL": "HTTP/1.1",
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer.update(status=int(status.split()[0]), headers=dict(response_headers))

    # As Django's test client does: the test's transaction must outlive the
    # request, so the handler may not close the connection when it finishes.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = application(environ, start_response)
        result = iter(response)
        chunks = [next(result, b"")]
        if between is not None:
            between()
        body = b"".join([*chunks, *result])
        if hasattr(response, "close"):
            response.close()  # as every WSGI server does once the body is sent
        storer.wait()  # the page kept, as it is a moment later on a server
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer["status"], answer["headers"], body


def get(path, method="GET", between=None, **headers):
    """get_bytes(), with the body decoded as UTF-8."""
    status, response_headers, body = get_bytes(path, method, between, **headers)
    return status, response_headers, body.decode()


def stale_after(write, site, capture_on_commit):
    """The names of site["urls"] a write makes stale: each page is kept first
    (its second request a HIT), then write(site) runs with its on-commit
    purges, then each page is asked again. capture_on_commit: pytest-django's
    django_capture_on_commit_callbacks."""
    for url in site["urls"].values():
        get(url)
        assert get(url)[1].get("X-Cache") == "HIT", url
    with capture_on_commit(execute=True):
        write(site)
    return {
        name
        for name, url in site["urls"].items()
        if get(url)[1].get("X-Cache") != "HIT"
    }
