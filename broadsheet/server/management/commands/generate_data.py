import random
import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from broadsheet.articles.models import Article, Author, Byline, Section
from broadsheet.replies.models import Discussion, Reply
from broadsheet.replies.rendering import render_reply_text
from broadsheet.search.indexing import analyse, index_articles
from broadsheet.server.generated_text import ArticleText

BATCH = 2000
REPLY_TEXTS = [
    "Thanks for covering this. It leaves out what happens to the bus routes.",
    "I was at the meeting and it was far busier than this suggests.",
    "Is the consultation online as well?\n\nI could not find it.",
    "Good reporting. More of this, please.",
]


class Progress:
    """A one-line progress bar: `articles  45,000/100,000 [####  ] 45%`."""

    def __init__(self, label, total, stream):
        self.label, self.total, self.stream = label, total, stream
        self.done = 0

    def advance(self, count):
        before = 100 * self.done // self.total if self.total else 100
        self.done += count
        if not self.total or 100 * self.done // self.total == before:
            return  # redrawn only when the percentage moves
        filled, percent = 30 * self.done // self.total, 100 * self.done // self.total
        self.stream.write(
            f"\r{self.label:<9} {self.done:>10,}/{self.total:,} "
            f"[{'#' * filled}{' ' * (30 - filled)}] {percent:3d}%",
            ending="\n" if self.done >= self.total else "",
        )
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Add many generated, published articles and approved replies in bulk, for "
        "benchmarks and load tests: N articles, one every ten minutes going back "
        "from an hour ago, each with one byline in a random section and varied "
        "text (topics, places, people), indexed for search, and M "
        "replies shared evenly among them. Run "
        "'broadsheet setup' first (it makes the sections and authors used). "
        "Everything is added in one transaction: interrupted, it adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles", type=int, default=1000, help="Articles to add (1000)."
        )
        parser.add_argument(
            "--replies", type=int, default=10000, help="Replies to add (10000)."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed, for repeatable data (1)."
        )

    def handle(self, *args, articles, replies, seed, **options):
        if articles < 0 or replies < 0:
            raise CommandError("--articles and --replies cannot be negative.")
        if replies and not articles:
            raise CommandError("Replies need articles to go under: give --articles.")
        sections = list(Section.objects.all())
        authors = list(Author.objects.all())
        if not sections or not authors:
            raise CommandError("No sections or authors yet: run 'broadsheet setup'.")
        rng = random.Random(seed)
        stream = self.stderr if options["verbosity"] else _Silent()
        started = time.monotonic()
        with transaction.atomic():
            added = self._articles(articles, sections, authors, rng, stream)
            self._replies(added, replies, rng, stream)
        analyse()
        self.stdout.write(
            f"Added {articles:,} articles and {replies:,} replies "
            f"in {time.monotonic() - started:.1f} s."
        )

    def _articles(self, count, sections, authors, rng, stream):
        """Insert the articles and their bylines; return {pk: published_at}."""
        run = f"{time.time_ns():x}"  # slugs unique across several runs
        now = timezone.now()
        progress = Progress("articles", count, stream)
        added = {}
        for start in range(0, count, BATCH):
            batch = []
            for n in range(start, min(count, start + BATCH)):
                text = ArticleText.generate(rng)
                batch.append(
                    Article(
                        headline=text.headline,
                        slug=f"generated-{run}-{n + 1}",
                        dek=text.dek,
                        body=text.body,
                        body_html=text.body_html,
                        status=Article.Status.PUBLISHED,
                        # One every ten minutes, going back from an hour ago.
                        published_at=now - timedelta(hours=1, minutes=10 * n),
                        dateline_place="GENERATED",
                        section=rng.choice(sections),
                    )
                )
            # SQLite 3.35+ and PostgreSQL return the new ids from a bulk insert.
            created = Article.objects.bulk_create(batch)
            Byline.objects.bulk_create(
                Byline(article_id=a.pk, author=rng.choice(authors)) for a in created
            )
            added.update((a.pk, a.published_at) for a in created)
            # bulk_create sends no signals: index the batch as a save would.
            index_articles(a.pk for a in created)
            progress.advance(len(batch))
        return added

    def _replies(self, published, count, rng, stream):
        progress = Progress("replies", count, stream)
        texts = [(text, render_reply_text(text)) for text in REPLY_TEXTS]
        pks = sorted(published)
        per_article, extra = divmod(count, len(pks)) if pks else (0, 0)
        batch = []
        for index, pk in enumerate(pks):
            replies_here = per_article + (1 if index < extra else 0)
            for n in range(replies_here):
                text, html = texts[rng.randrange(len(texts))]
                batch.append(
                    Reply(
                        article_id=pk,
                        name=f"Reader {rng.randrange(1, 5000)}",
                        email=f"reader{n}@generated.invalid",
                        text=text,
                        text_html=html,
                        status=Reply.Status.APPROVED,
                        created_at=published[pk] + timedelta(minutes=n + 1),
                    )
                )
                if len(batch) >= BATCH:
                    Reply.objects.bulk_create(batch)
                    progress.advance(len(batch))
                    batch = []
        if batch:
            Reply.objects.bulk_create(batch)
            progress.advance(len(batch))
        # Every generated reply is approved and at the top level: each is
        # counted, and each starts a thread.
        Discussion.objects.bulk_create(
            Discussion(article_id=pk, reply_count=n, thread_count=n)
            for n, pk in ((per_article + (i < extra), pk) for i, pk in enumerate(pks))
        )


class _Silent:
    def write(self, text, ending=""):
        pass

    def flush(self):
        pass
