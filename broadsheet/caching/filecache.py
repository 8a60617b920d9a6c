"""Django's file cache, for one server without Redis (DATA_DIR/cache).

Django's FileBasedCache lists every file in its folder on each write, to see
whether it must cull; with tens of thousands of cached pages that listing
costs more than the page it stores. This one looks at most once a minute per
process, so the folder may briefly hold a minute's writes over MAX_ENTRIES.
It also makes its folder at the first write, not when it is opened, so a
read-only command (`broadsheet check`) writes nothing, and it compresses what
it stores at zlib's fastest level: most of a kept page is its gzip and Brotli
copies, which zlib's default level spent ~5 ms a page failing to shrink.
"""

import pickle
import time
import zlib

from django.core.cache.backends.filebased import FileBasedCache

CULL_INTERVAL_SECONDS = 60
ZLIB_LEVEL = 1


class FileCache(FileBasedCache):
    _next_cull = 0.0
    _opening = False

    def __init__(self, dir, params):
        self._opening = True
        try:
            super().__init__(dir, params)
        finally:
            self._opening = False

    def _createdir(self):
        if not self._opening:
            super()._createdir()

    def _cull(self):
        now = time.monotonic()
        if now < self._next_cull:
            return
        self._next_cull = now + CULL_INTERVAL_SECONDS
        super()._cull()

    def _write_content(self, file, timeout, value):
        # As Django's, at another level: zlib.decompress reads either.
        expiry = self.get_backend_timeout(timeout)
        file.write(pickle.dumps(expiry, self.pickle_protocol))
        file.write(zlib.compress(pickle.dumps(value, self.pickle_protocol), ZLIB_LEVEL))
