"""Export, import into an empty Broadsheet: every field that matters is back."""

import re
from io import StringIO

from django.core.management import call_command

from broadsheet.articles.models import Article, Author, Section, Tag
from broadsheet.migration.models import ImportedItem, OldAddress
from broadsheet.migration.tests.conftest import import_wordpress
from broadsheet.migration.wxr import Item, read_wxr
from broadsheet.pages.models import Page
from broadsheet.replies.models import Reply

_RENDITIONS = re.compile(r"/renditions/[0-9a-f]{32}/")


def site_state():
    """Everything a newsroom would miss, without primary keys."""
    articles = {
        a.slug: (
            a.headline,
            a.status,
            a.published_at,
            a.dek,
            # A library image comes back as a new Image (a new key in the
            # renditions' folder): the same picture, alt, caption and credit.
            _RENDITIONS.sub("/renditions/…/", a.body_html),
            a.featured_image and (a.featured_image.alt_text, a.featured_image.caption),
            a.pins.filter(place="featured", section=None).exists(),
            a.section.slug,
            sorted(t.slug for t in a.tags.all()),
            [b.author.slug for b in a.bylines.all()],
            a.discussion.is_open,
            a.discussion.reply_count,
        )  # fmt: skip
        for a in Article.objects.all()
    }
    replies = sorted(
        (
            r.article.slug,
            r.name,
            r.email,
            r.website,
            r.ip_address,
            r.status,
            r.created_at,
            r.text,
            r.depth,
            r.parent.name if r.parent else None,
        )  # fmt: skip
        for r in Reply.objects.select_related("article", "parent")
    )
    return {
        "articles": articles,
        "replies": replies,
        "sections": sorted(Section.objects.values_list("slug", "name", "description")),
        "tags": sorted(Tag.objects.values_list("slug", "name")),
        "authors": sorted(Author.objects.values_list("slug", "name")),
        "pages": sorted(
            (p.path, p.title, p.status, p.body_html) for p in Page.objects.all()
        ),
    }


def empty_the_site():
    Article.objects.all().delete()
    Page.objects.filter(parent__isnull=False).delete()
    Page.objects.all().delete()
    for model in (Section, Tag, Author, ImportedItem, OldAddress):
        model.objects.all().delete()


def test_round_trip_keeps_every_field(imported_site, settings, tmp_path):
    article = Article.objects.get(slug="storm-warning")
    article.bylines.create(author=Author.objects.get(slug="olena"), position=1)
    before = site_state()
    out = StringIO()
    export = tmp_path / "export.xml"
    call_command("export_wordpress", str(export), stdout=out)
    assert "6 posts, 5 comments, 2 pages" in out.getvalue()
    empty_the_site()
    # The originals, where --uploads would find a WordPress site's files.
    import_wordpress(export, "--uploads", settings.MEDIA_ROOT)
    after = site_state()
    for part in before:
        if part == "articles":
            for slug, fields in before[part].items():
                assert after[part][slug] == fields, slug
        assert after[part] == before[part], part


def test_export_is_wxr_1_2_with_threads_and_states(imported_site, tmp_path):
    export = tmp_path / "export.xml"
    call_command("export_wordpress", str(export), "--base-url", "https://new.example",
                 stdout=StringIO())  # fmt: skip
    records = list(read_wxr(export))
    assert records[0].version == "1.2"
    ferry = next(
        r for r in records if isinstance(r, Item) and r.slug == "ferry-timetable-winter"
    )
    assert ferry.link == "https://new.example/2024/10/03/ferry-timetable-winter/"
    states = {c.author: c.approved for c in ferry.comments}
    assert states["Cheap Pills"] == "spam" and states["Dockside"] == "0"
    by_id = {c.id: c for c in ferry.comments}
    dockside = next(c for c in ferry.comments if c.author == "Dockside")
    assert by_id[dockside.parent_id].author == "Olena Kovalenko"
