import sys
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from broadsheet.search.indexing import article_count, rebuild


class Command(BaseCommand):
    help = (
        "Build the search index anew from every article, in one transaction "
        "(readers keep the old index until it is done). Run it after upgrading "
        "to a version with search, after changing LANGUAGE_CODE (stemming follows "
        "the language), or after adding articles in bulk outside Django. Shows a "
        "progress bar on a terminal."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        total = article_count()
        bar = _Bar(total, self.stderr) if options["verbosity"] and _is_tty() else None
        done = 0
        with transaction.atomic():
            for count in rebuild():
                done += count
                if bar:
                    bar.show(done)
        self.stdout.write(
            f"Indexed {done:,} articles in {time.monotonic() - started:.1f} s."
        )


def _is_tty() -> bool:
    return sys.stderr.isatty()


class _Bar:
    """A one-line progress bar: `indexed  45,000/100,000 [####      ] 45%`."""

    def __init__(self, total, stream):
        self.total, self.stream = total, stream

    def show(self, done):
        share = done / self.total if self.total else 1
        filled = int(30 * share)
        self.stream.write(
            f"\rindexed {done:>10,}/{self.total:,} "
            f"[{'#' * filled}{' ' * (30 - filled)}] {int(100 * share):3d}%",
            ending="\n" if done >= self.total else "",
        )
        self.stream.flush()
