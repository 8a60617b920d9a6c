from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from broadsheet.migration.exporting import export_wordpress


class Command(BaseCommand):
    help = (
        "Write the whole site as a WordPress export (WXR 1.2) that WordPress's "
        "importer and `broadsheet import-wordpress` accept: articles with their "
        "status, dates and dek, sections as categories, tags, authors, "
        "replies as comments with their threads, states, emails and IPs, the "
        "media library as attachments and featured front-page stories as sticky "
        "posts. The file holds readers' email addresses: keep it private."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", type=Path, metavar="OUT.xml")
        parser.add_argument(
            "--base-url",
            help="The site's address in links and GUIDs (default: SITE_URL).",
        )

    def handle(self, *args, output, base_url, **options):
        counts = export_wordpress(output, base_url=base_url or settings.SITE_URL)
        summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        self.stdout.write(f"Wrote {output}: {summary}")
