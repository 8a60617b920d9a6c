from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from broadsheet.articles.importing import ImportTextError, import_text_file
from broadsheet.articles.signals import DISCUSSION_STATES


class Command(BaseCommand):
    help = (
        "Import articles from plain-text files: a dateline on the first line, then "
        "paragraphs, short heading lines and ✅ checklists. Re-importing a file "
        "updates its article. A file that fails is named with the line and the "
        "reason, nothing from it is saved, and the command exits with status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument(
            "--headline",
            help="The headline (one file only). Without it: a short first line, "
            "else the first sentence of the first paragraph.",
        )
        parser.add_argument(
            "--section", help='Section name, created if new (default "News").'
        )
        parser.add_argument(
            "--author", help="Author name for the byline, created if new."
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the article (scheduled if its dateline is in the future). "
            "Without it new articles are drafts.",
        )
        parser.add_argument(
            "--replies",
            choices=DISCUSSION_STATES,
            help="Replies on the article: 'open' (and never closing by age), "
            "'closed', or 'site' (close as the discussion settings say, by default "
            "14 days after publication). Without it the discussion is left as is.",
        )

    def handle(
        self, *args, files, headline, section, author, publish, replies, **options
    ):
        if headline and len(files) > 1:
            raise CommandError("--headline applies to one file; give one FILE with it.")
        counts = {"created": 0, "updated": 0, "skipped": 0, "failed": 0}
        for path in files:
            try:
                result = import_text_file(
                    path,
                    headline=headline,
                    section_name=section,
                    author_name=author,
                    publish=publish,
                    replies=replies,
                )
            except ImportTextError as error:
                counts["failed"] += 1
                self.stderr.write(f"error: {error}")
                continue
            counts[result.outcome] += 1
            article = result.article
            where = article.get_absolute_url() if article.is_live() else article.status
            self.stdout.write(
                f"{result.outcome}: {path} -> {article.headline} ({where})"
            )
        summary = ", ".join(f"{n} {outcome}" for outcome, n in counts.items())
        if counts["failed"]:
            raise CommandError(summary)
        self.stdout.write(summary)
