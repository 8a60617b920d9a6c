"""Signals the background worker sends, for apps with work on a schedule.

- `ticked`: sent by the worker (`broadsheet worker`) about once a minute, with
  no arguments. A receiver does a short job that must happen even when the
  site is quiet (the page cache sweeps its expired page files); a long one
  belongs in a periodic task (periodic.py).
"""

from django.dispatch import Signal

ticked = Signal()
