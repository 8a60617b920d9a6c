"""Import a WordPress export into Broadsheet, all or nothing, safe to re-run.

    report = import_wordpress("site.xml", uploads="wp-content/uploads")
    print(report.render())

One pass over the file (broadsheet.migration.wxr) inside one transaction: an
error anywhere leaves the database as it was. Every item is keyed by its
WordPress ID (and a post also by its GUID) in `ImportedItem` with a checksum
of what was exported, so a second run of the same file changes nothing and a
later export updates only what changed. Links between posts and gallery
images may point forward in the file; the posts holding them are converted
again once the whole file is read. Comments go in with bulk inserts, one
thread level at a time, since a parent must exist before its replies.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.db import connection, transaction
from django.utils.text import slugify

from broadsheet.articles.models import Author, Section, Tag
from broadsheet.caching.invalidation import purge_on_commit
from broadsheet.migration import wxr
from broadsheet.migration.comments import CommentWriter
from broadsheet.migration.content import Attachment
from broadsheet.migration.images import save_images
from broadsheet.migration.models import ImportedItem, OldAddress, checksum
from broadsheet.migration.pages import save_pages
from broadsheet.migration.posts import STATUSES, PostWriter, revisit_posts
from broadsheet.migration.report import Report
from broadsheet.search.indexing import REBUILD_BATCH as REINDEX_BATCH
from broadsheet.search.indexing import index_articles
from broadsheet.surrogate import ALL_REPLIES, LISTINGS, PINS, SECTIONS

Kind = ImportedItem.Kind
SQLITE_CACHE_KIB = 64 * 1024


class DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def import_wordpress(
    path,
    *,
    uploads=None,
    dry_run=False,
    create_staff_accounts=False,
    progress: Callable[[int, float], None] | None = None,
) -> Report:
    """Import the export at path; return the report. Raises wxr.WXRError."""
    importer = WordPressImport(Path(path), uploads, create_staff_accounts, progress)
    importer.report.dry_run = dry_run
    try:
        with sqlite_page_cache(), transaction.atomic():
            importer.run()
            if dry_run:
                raise DryRun
    except DryRun:
        pass
    return importer.report


@contextmanager
def sqlite_page_cache(kib=SQLITE_CACHE_KIB):
    """On SQLite, a page cache large enough to hold the indexes being filled.

    With SQLite's default 2 MB, each batch of replies evicts index pages that
    the next batch writes again, and every eviction appends another copy of
    the page to the write-ahead log (one transaction cannot checkpoint)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


class WordPressImport:
    def __init__(self, path, uploads, create_staff_accounts, progress):
        self.path, self.uploads = path, Path(uploads) if uploads else None
        self.create_staff_accounts = create_staff_accounts
        self.progress = progress
        self.report = Report(source=str(path))
        self.site = wxr.Site()
        self.items = {kind: {} for kind in Kind.values}
        self.by_guid: dict[str, ImportedItem] = {}
        self.authors: dict[str, Author] = {}
        self.sections: dict[str, Section] = {}
        self.tags: dict[str, Tag] = {}
        self.attachments: dict[int, Attachment] = {}
        self.thumbnails: dict[int, int] = {}
        self.library: dict[str, int] = {}  # path under uploads: Image pk
        self.attachment_files: dict[str, str] = {}  # URL path: path under uploads
        self.revisit: dict[int, str] = {}
        self.addresses: list[OldAddress] = []
        self.category_paths: dict[str, str] = {}
        self.category_ids: dict[str, int] = {}
        self.count = 0

    def run(self) -> None:
        self.posts, self.comments = PostWriter(self), CommentWriter(self)
        self.pages: list[wxr.Item] = []
        for item in ImportedItem.objects.exclude(kind=Kind.COMMENT):
            self.items[item.kind][item.wp_id] = item
            if item.guid:
                self.by_guid[item.guid] = item
        position = [0]
        size = max(self.path.stat().st_size, 1) if self.path.is_file() else 1
        for record in wxr.read_wxr(self.path, position):
            self.count += 1
            if isinstance(record, wxr.Site):
                self.site = record
                self.site_addresses()
            elif isinstance(record, wxr.Author):
                self.author(record)
            elif isinstance(record, wxr.Category):
                self.category(record)
            elif isinstance(record, wxr.Tag):
                self.tag(record)
            elif isinstance(record, wxr.Item):
                self.item(record)
            if self.progress and self.count % 100 == 0:
                self.progress(self.count, position[0] / size)
        if self.progress:
            self.progress(self.count, 1.0)
        self.finish()

    # Keys and addresses -------------------------------------------------

    def remember(self, kind, wp_id, obj, digest, *, guid="", parent=None) -> str:
        """Record what a WordPress item became; return imported/updated/unchanged."""
        known = self.items[kind].get(wp_id) or (guid and self.by_guid.get(guid))
        if known and known.checksum == digest and known.object_id == obj.pk:
            return "unchanged"
        if known:
            known.checksum, known.object_id, known.wp_id = digest, obj.pk, wp_id
            known.save()
            return "updated"
        self.items[kind][wp_id] = ImportedItem.objects.create(
            kind=kind, wp_id=wp_id, guid=guid, object_id=obj.pk,
            parent_wp_id=parent, checksum=digest,
        )  # fmt: skip
        return "imported"

    def forget(self, item) -> None:
        self.items[item.kind].pop(item.wp_id, None)
        self.by_guid.pop(item.guid, None)
        item.delete()

    def known_object(self, kind, wp_id, model, guid=""):
        known = self.items[kind].get(wp_id) or (guid and self.by_guid.get(guid))
        if known and known.object_id:
            return model.objects.filter(pk=known.object_id).first(), known
        return None, known

    def old_path(self, url: str) -> str:
        parts = urlsplit(url)
        path = parts.path or "/"
        return f"{path}?{parts.query}" if parts.query else path

    def root(self) -> str:
        return (
            urlsplit(self.site.link or self.site.base_blog_url).path.rstrip("/") + "/"
        )

    def address(self, path, target=OldAddress.Target.PAGE, **subject) -> None:
        # Django's request.path is decoded; exports keep non-ASCII slugs encoded.
        path = unquote(path)
        if path and path != "/" and len(path) <= 500:
            self.addresses.append(OldAddress(path=path, target=target, **subject))
        if len(self.addresses) >= 1000:
            self.flush_addresses()

    def site_addresses(self) -> None:
        """The site's feeds, in each form WordPress answered them."""
        root, feed = self.root(), OldAddress.Target.FEED
        replies = OldAddress.Target.REPLIES_FEED
        for suffix in ("feed/", "feed/rss2/", "feed/rss/", "feed/atom/", "rss/"):
            self.address(root + suffix, feed)
        for suffix in ("comments/feed/", "comments/feed/rss2/", "comments/feed/atom/"):
            self.address(root + suffix, replies)

    def flush_addresses(self) -> None:
        unique = {a.path: a for a in self.addresses}
        OldAddress.objects.bulk_create(
            unique.values(),
            update_conflicts=True,
            unique_fields=["path"],
            update_fields=["target", "article", "section", "tag", "author", "page"],
        )
        self.addresses.clear()

    # Authors and terms --------------------------------------------------

    def author(self, record: wxr.Author) -> None:
        name = (record.display_name or record.login)[:100]
        slug = slugify(record.login)[:100] or f"author-{record.id}"
        author, _ = self.known_object(Kind.AUTHOR, record.id, Author)
        author = author or Author.objects.filter(slug=slug).first() or Author(slug=slug)
        author.name = name
        if self.create_staff_accounts and record.email and author.user_id is None:
            author.user = self.staff_account(record)
        author.save()
        self.authors[record.login] = author
        digest = checksum(record.login, name)
        self.report.count(
            "author", self.remember(Kind.AUTHOR, record.id, author, digest)
        )
        self.address(f"{self.root()}author/{record.login}/", author=author)
        self.address(f"{self.root()}author/{slug}/", author=author)
        self.address(
            f"{self.root()}author/{record.login}/feed/",
            OldAddress.Target.FEED,
            author=author,
        )

    def staff_account(self, record):
        from django.contrib.auth import get_user_model

        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=record.login[:150],
            defaults={
                "email": record.email,
                "is_staff": True,
                "is_active": False,
                "first_name": record.first_name[:150],
                "last_name": record.last_name[:150],
            },
        )
        if created:
            user.set_unusable_password()
            user.save()
        return user

    def category(self, record: wxr.Category) -> None:
        slug = slugify(unquote(record.slug))[:100] or f"category-{record.term_id}"
        parent = self.sections.get(record.parent_slug)
        section, _ = self.known_object(Kind.CATEGORY, record.term_id, Section)
        section = (
            section or Section.objects.filter(slug=slug).first() or Section(slug=slug)
        )
        name = record.name[:100] or slug
        clash = Section.objects.filter(name=name).exclude(pk=section.pk).exists()
        if clash and parent:
            name = f"{parent.name} › {name}"[:100]
        if Section.objects.filter(name=name).exclude(pk=section.pk).exists():
            name = f"{name} ({slug})"[:100]
        section.name, section.description = name, html.unescape(record.description)
        if parent and not section.description:
            section.description = f"In {parent.name}."
        section.position = (parent.position + 1) if parent else len(self.sections) * 10
        section.save()
        self.sections[record.slug] = section
        self.category_paths[record.slug] = (
            self.category_paths.get(record.parent_slug, "") + record.slug + "/"
        )
        digest = checksum(
            record.slug, record.name, record.parent_slug, record.description
        )
        self.category_ids[record.slug] = record.term_id
        outcome = self.remember(
            Kind.CATEGORY, record.term_id, section, digest,
            parent=self.category_ids.get(record.parent_slug),
        )  # fmt: skip
        self.report.count("category", outcome)
        path = f"{self.root()}category/{self.category_paths[record.slug]}"
        self.address(path, section=section)
        self.address(path + "feed/", OldAddress.Target.FEED, section=section)

    def tag(self, record: wxr.Tag) -> None:
        slug = slugify(unquote(record.slug))[:100] or f"tag-{record.term_id}"
        tag, _ = self.known_object(Kind.TAG, record.term_id, Tag)
        tag = tag or Tag.objects.filter(slug=slug).first() or Tag(slug=slug)
        name = record.name[:100] or slug
        if Tag.objects.filter(name=name).exclude(pk=tag.pk).exists():
            name = f"{name} ({slug})"[:100]
        tag.name = name
        tag.save()
        self.tags[record.slug] = tag
        digest = checksum(record.slug, record.name)
        self.report.count("tag", self.remember(Kind.TAG, record.term_id, tag, digest))
        self.address(f"{self.root()}tag/{record.slug}/", tag=tag)
        self.address(
            f"{self.root()}tag/{record.slug}/feed/", OldAddress.Target.FEED, tag=tag
        )

    # Items --------------------------------------------------------------

    def item(self, record: wxr.Item) -> None:
        if record.post_type == "attachment":
            self.attachments[record.post_id] = Attachment(
                url=record.attachment_url or record.guid,
                alt=record.meta.get("_wp_attachment_image_alt", ""),
                caption=record.excerpt,
                file=record.meta.get("_wp_attached_file", ""),
                parent_id=record.parent_id,
                link=record.link,
            )
            return
        if record.post_type == "page":
            if record.status in ("trash", "auto-draft", "inherit"):
                self.report.skip("page", f"status {record.status}")
            else:
                self.pages.append(record)
            return
        if record.post_type != "post":
            self.report.skip("post", f"post type {record.post_type or '(none)'}")
            return
        if record.status not in STATUSES:
            self.report.skip("post", f"status {record.status or '(none)'}")
            return
        self.post(record)

    def post(self, record: wxr.Item) -> None:
        self.posts.add(record)

    def finish(self) -> None:
        self.posts.flush()
        self.comments.finish()
        save_images(self)
        save_pages(self, self.pages)
        self.flush_addresses()
        revisit_posts(self)
        # New articles and replies went in with bulk inserts, which send no
        # signals: they are indexed for search here, in batches, and every
        # listing, the navigation and the replies feed may show them, so those
        # are purged once, with the pins sticky posts became. (A changed article
        # was saved, indexed and purged on its own.)
        created = self.posts.created
        for start in range(0, len(created), REINDEX_BATCH):
            index_articles(created[start : start + REINDEX_BATCH])
        purge_on_commit(LISTINGS, SECTIONS, ALL_REPLIES, PINS)
