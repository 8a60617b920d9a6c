from datetime import timedelta
from importlib import resources

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from broadsheet.articles import demo
from broadsheet.articles.models import Article, Author, Byline, Section, Tag, Update


class Command(BaseCommand):
    help = (
        "Add the demo newsroom: three sections, three authors and a handful of "
        "original stories, so a new site has something to show. Stories that "
        "exist already are left as they are, so running it twice is harmless."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            created = self.add_demo_newsroom()
        self.stdout.write(
            f"demo: {created} created, {len(demo.ARTICLES) - created} skipped"
        )

    def add_demo_newsroom(self) -> int:
        sections = {}
        for position, (name, slug, description) in enumerate(demo.SECTIONS):
            sections[slug], _ = Section.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "description": description,
                    "position": position,
                },
            )
        authors = {}
        for name, slug, bio in demo.AUTHORS:
            authors[slug], _ = Author.objects.get_or_create(
                slug=slug, defaults={"name": name, "bio": bio}
            )
        now = timezone.now()
        created = 0
        for (
            filename,
            headline,
            dek,
            section,
            bylines,
            tags,
            hours,
            place,
        ) in demo.ARTICLES:
            ref = f"demo:{filename}"
            if Article.objects.filter(import_ref=ref).exists():
                continue
            body = resources.files(demo).joinpath(filename).read_text(encoding="utf-8")
            article = Article.objects.create(
                import_ref=ref,
                headline=headline,
                slug=slugify(headline)[:80].strip("-"),
                dek=dek,
                body=body,
                section=sections[section],
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(hours=hours),
                dateline_place=place,
                byline="" if bylines else "Staff",
            )
            for position, slug in enumerate(bylines):
                Byline.objects.create(
                    article=article, author=authors[slug], position=position
                )
            for tag_name in tags:
                tag, _ = Tag.objects.get_or_create(
                    slug=slugify(tag_name), defaults={"name": tag_name}
                )
                article.tags.add(tag)
            created += 1
            if filename == "water-rates.md":
                Update.objects.create(
                    article=article,
                    kind=Update.Kind.CORRECTION,
                    note="An earlier version of this story gave the length of pipe "
                    "to be replaced as 16 kilometres. It is 60 kilometres.",
                    posted_at=article.published_at + timedelta(hours=2),
                )
        return created
