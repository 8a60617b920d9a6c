import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from broadsheet.migration.importing import import_wordpress
from broadsheet.migration.wxr import WXRError


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR 1.0-1.2: Tools > Export > All content): "
        "posts become articles, categories sections, tags tags, authors bylines, "
        "comments replies with their threads, and every old address answers 301. "
        "All or nothing: a bad file is named with the line and the reason, nothing "
        "is saved, and the command exits with status 1. Running it again changes "
        "only what changed in the export. The report is printed and saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path, metavar="EXPORT.xml")
        parser.add_argument(
            "--uploads",
            type=Path,
            metavar="DIR",
            help="A copy of the site's wp-content/uploads folder: image "
            "attachments, featured images and images in post bodies join the "
            "media library from it, each file once. Missing files are listed in "
            "the report.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read and check everything, print the report, write nothing.",
        )
        parser.add_argument(
            "--report",
            type=Path,
            metavar="FILE",
            help="Where to save the report (default: DATA_DIR/imports/"
            "wordpress-<time>.txt).",
        )
        parser.add_argument(
            "--create-staff-accounts",
            action="store_true",
            help="Create an inactive staff account (no password) for each author "
            "from the export's login and email. Without it, authors are bylines "
            "only.",
        )

    def handle(self, *args, export, uploads, dry_run, report, **options):
        if uploads is not None and not uploads.is_dir():
            raise CommandError(f"--uploads {uploads}: no such folder")
        progress = self._progress(export) if self.stdout.isatty() else None
        try:
            result = import_wordpress(
                export,
                uploads=uploads,
                dry_run=dry_run,
                create_staff_accounts=options["create_staff_accounts"],
                progress=progress,
            )
        except WXRError as error:
            if progress:
                self.stdout.write("")
            raise CommandError(str(error)) from None
        if progress:
            self.stdout.write("")
        text = result.render()
        self.stdout.write(text, ending="")
        if not dry_run:
            path = report or self._default_report_path()
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            self.stdout.write(f"Report saved to {path}")

    def _default_report_path(self) -> Path:
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        return Path(settings.DATA_DIR) / "imports" / f"wordpress-{stamp}.txt"

    def _progress(self, export):
        started = time.monotonic()

        def show(records, fraction):
            rate = records / max(time.monotonic() - started, 0.001)
            bar = "#" * int(fraction * 30)
            self.stdout.write(
                f"\r[{bar:<30}] {fraction:4.0%}  {records:,} items, {rate:,.0f}/s",
                ending="",
            )
            self.stdout.flush()

        return show
