"""SQLite with writers queueing on a file lock.

SQLite lets one writer in at a time; the others wait in its busy handler,
which sleeps 1, 2, 5 … up to 100 ms between tries, so under a burst of replies
a writer can sleep long after the lock came free. Here every transaction
first takes an exclusive lock on `<database>.writer-lock` (flock): waiting
writers sleep in the kernel and the next one wakes the moment the previous
commits. Readers never take it. In-memory databases (tests) need no lock.

    DATABASES = {"default": {"ENGINE": "broadsheet.db.sqlite", ...}}
"""

import fcntl

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    _writer_lock = None
    _holding = False

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        if not self.is_in_memory_db():
            # Held open for the connection's life; closed in _close().
            path = f"{self.settings_dict['NAME']}.writer-lock"
            self._writer_lock = open(path, "ab")  # noqa: SIM115
        return connection

    def _start_transaction_under_autocommit(self):
        if self._writer_lock is not None and not self._holding:
            fcntl.flock(self._writer_lock, fcntl.LOCK_EX)
            self._holding = True
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release()
            raise

    def _commit(self):
        try:
            super()._commit()
        finally:
            self._release()

    def _rollback(self):
        try:
            super()._rollback()
        finally:
            self._release()

    def _close(self):
        try:
            super()._close()
        finally:
            self._release()
            if self._writer_lock is not None:
                self._writer_lock.close()
                self._writer_lock = None

    def _release(self):
        if self._holding:
            self._holding = False
            fcntl.flock(self._writer_lock, fcntl.LOCK_UN)
