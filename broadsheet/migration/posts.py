"""WordPress posts to Articles: status, date, slug, dek, section, tags, bylines.

Called by `broadsheet.migration.importing` for each post, and once at the end
(`revisit_posts`) for what could only be settled after the whole file was
read: links to posts further on, galleries, featured images and attachment
pages.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from urllib.parse import unquote, urlsplit

from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from broadsheet.articles.models import Article, Author, Byline, Pin, Section, Tag
from broadsheet.articles.rendering import render_markdown
from broadsheet.articles.signals import articles_created_in_bulk
from broadsheet.media.models import Image
from broadsheet.migration.content import convert, plain_text
from broadsheet.migration.images import body_images
from broadsheet.migration.models import ImportedItem, OldAddress, checksum
from broadsheet.replies.models import Discussion
from broadsheet.text import whole_number

Kind = ImportedItem.Kind
STATUSES = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.SCHEDULED,
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.DRAFT,
    "private": Article.Status.DRAFT,
}
BYLINES_META = "_broadsheet_bylines"
# WordPress keeps a post sticky until someone unsticks it.
STICKY_UNTIL = datetime(2999, 12, 31, tzinfo=UTC)
_HREF = re.compile(r'(href|src)="([^"]+)"')


def post_checksum(record) -> str:
    return checksum(
        record.title, record.content, record.excerpt, record.slug, record.status,
        record.post_date, record.creator, record.categories, record.password,
        record.is_sticky, record.comment_status, record.link,
        record.meta.get("_thumbnail_id"), record.meta.get(BYLINES_META),
    )  # fmt: skip


class PostWriter:
    """Writes posts as articles: new ones in batches of bulk inserts (with their
    history rows, bylines, tags and discussions), changed ones one by one
    through `Article.save`, which also keeps their old paths."""

    BATCH = 500

    def __init__(self, imp):
        self.imp = imp
        self.pending: list = []
        self.created: list[int] = []  # new articles, indexed for search at the end
        self.taken = set(Article.objects.values_list("slug", flat=True))

    def add(self, record) -> None:
        imp = self.imp
        digest = post_checksum(record)
        article, known = imp.known_object(
            Kind.POST, record.post_id, Article, record.guid
        )
        if article is not None and known.checksum == digest:
            imp.report.count("post", "unchanged")
            imp.comments.add(record, article, new=False)
            return
        conversion = self.convert(record)
        if article is None:
            if known is not None:  # its article was deleted here: import it afresh
                imp.forget(known)
            article = Article()
            fill_article(imp, article, record, conversion.body, self.taken)
            article.body_html = render_markdown(article.body)
            self.pending.append((record, article, digest, conversion))
            if len(self.pending) >= self.BATCH:
                self.flush()
            return
        self.taken.discard(article.slug)
        fill_article(imp, article, record, conversion.body, self.taken)
        article.save()
        tags, authors = terms_of(imp, article.section, record)
        article.tags.set(tags)
        Byline.objects.filter(article=article).delete()
        Byline.objects.bulk_create(bylines(article, authors))
        Discussion.objects.update_or_create(
            article=article, defaults={"is_open": record.comment_status == "open"}
        )
        outcome = imp.remember(
            Kind.POST, record.post_id, article, digest, guid=record.guid
        )
        imp.report.count("post", outcome)
        pin_sticky_posts(imp, [(record, article)])
        self.settled(record, article, conversion)
        imp.comments.add(record, article, new=False)

    def convert(self, record):
        conversion = convert(record.content, self.imp.attachments.get)
        self.imp.report.unknown_shortcodes.update(conversion.unknown_shortcodes)
        self.imp.report.unknown_blocks.update(conversion.unknown_blocks)
        if self.imp.uploads is None:  # nothing to add: missing files reported
            where = f"post {record.post_id} “{record.title}”"
            conversion.body = body_images(self.imp, conversion.body, where)
        return conversion

    def flush(self) -> None:
        if not self.pending:
            return
        imp, pending = self.imp, self.pending
        self.pending = []
        articles = [article for _, article, _, _ in pending]
        bulk_create_with_history(
            articles, Article, default_change_reason="Imported from WordPress"
        )
        articles_created_in_bulk.send(sender=Article, articles=articles)
        links, tag_links, discussions, items = [], [], [], []
        for record, article, digest, _ in pending:
            tags, authors = terms_of(imp, article.section, record)
            links += bylines(article, authors)
            tag_links += [
                Article.tags.through(article_id=article.pk, tag_id=tag.pk)
                for tag in dict.fromkeys(tags)
            ]
            discussions.append(
                Discussion(article=article, is_open=record.comment_status == "open")
            )
            items.append(
                ImportedItem(
                    kind=Kind.POST,
                    wp_id=record.post_id,
                    guid=record.guid,
                    object_id=article.pk,
                    checksum=digest,
                )  # fmt: skip
            )
        Byline.objects.bulk_create(links)
        Article.tags.through.objects.bulk_create(tag_links)
        Discussion.objects.bulk_create(discussions)
        for item in ImportedItem.objects.bulk_create(items):
            imp.items[Kind.POST][item.wp_id] = item
        self.created += [article.pk for article in articles]
        pin_sticky_posts(imp, [(record, article) for record, article, _, _ in pending])
        for record, article, _, conversion in pending:
            imp.report.count("post", "imported")
            self.settled(record, article, conversion)
            imp.comments.add(record, article, new=True)

    def settled(self, record, article, conversion) -> None:
        """Old addresses, and what to finish once the whole file is read."""
        imp = self.imp
        if (
            conversion.unresolved_attachments
            or links_to_the_site(imp, record.content)
            # Its images join the library after the attachments (save_images).
            or (imp.uploads and "<img " in conversion.body)
        ):
            imp.revisit[article.pk] = record.content
        thumbnail = whole_number(record.meta.get("_thumbnail_id", ""))
        if thumbnail is not None:
            imp.thumbnails[article.pk] = thumbnail
        imp.address(imp.old_path(record.link), article=article)
        imp.address(f"{imp.root()}?p={record.post_id}", article=article)
        link = urlsplit(record.link)
        if link.path.strip("/") and not link.query:
            feed = link.path.rstrip("/") + "/feed/"
            imp.address(feed, OldAddress.Target.REPLIES_FEED, article=article)


def links_to_the_site(imp, content: str) -> bool:
    """Whether the content links to the old site (other posts, maybe later on)."""
    host = urlsplit(imp.site.link or imp.site.base_site_url).netloc
    return (
        bool(host)
        and re.search(rf'href="(?:https?:)?//{re.escape(host)}[/"?]', content)
        is not None
    )


def fill_article(imp, article, record, body, taken) -> None:
    where = f"post {record.post_id} “{record.title}”"
    article.headline = html.unescape(record.title)[:200] or "(untitled)"
    article.slug = unique_slug(record, taken)
    taken.add(article.slug)
    article.dek = plain_text(record.excerpt)
    article.body = body
    article.status = STATUSES[record.status]
    if record.password or record.status == "private":
        article.status = Article.Status.DRAFT
        why = "password-protected" if record.password else "private"
        imp.report.unpublished.append(f"{where}: {why}")
    article.published_at = record.post_date
    article.section = primary_section(imp, record)
    article.import_ref = f"wordpress:{record.post_id}"


def pin_sticky_posts(imp, posts) -> None:
    """Sticky posts become featured stories on the front page, pinned once: a
    post pinned before (or by an editor) is not pinned again. Bulk-created, so
    no signal purges the front: the import purges every listing at the end."""
    sticky = {article.pk: record for record, article in posts if record.is_sticky}
    if not sticky:
        return
    pinned = set(
        Pin.objects.filter(
            article__in=sticky, place=Pin.Place.FEATURED, section=None
        ).values_list("article_id", flat=True)
    )
    Pin.objects.bulk_create(
        Pin(article_id=pk, place=Pin.Place.FEATURED, expires_at=STICKY_UNTIL)
        for pk in sticky
        if pk not in pinned
    )
    imp.report.featured += [
        f"post {record.post_id} “{record.title}”" for record in sticky.values()
    ]


def unique_slug(record, taken) -> str:
    base = (
        slugify(unquote(record.slug))
        or slugify(html.unescape(record.title))
        or f"post-{record.post_id}"
    )[:200]
    if base in taken:
        return f"{base[:180]}-{record.post_id}"
    return base


def primary_section(imp, record) -> Section:
    """The deepest of the post's categories; WordPress's default if none."""
    slugs = [
        nicename for domain, nicename, _ in record.categories if domain == "category"
    ]
    slugs = [s for s in slugs if s in imp.sections]
    if slugs:
        return imp.sections[
            max(slugs, key=lambda s: imp.category_paths.get(s, "").count("/"))
        ]
    section = Section.objects.filter(slug="uncategorized").first()
    if section is None:
        section = Section.objects.create(
            name="Uncategorized", slug="uncategorized", position=len(imp.sections) * 10
        )
    imp.sections["uncategorized"] = section
    return section


def terms_of(imp, section, record) -> tuple[list[Tag], list[Author]]:
    """Tags (with categories beyond the section as tags) and bylined authors."""
    tags = []
    for domain, nicename, name in record.categories:
        if domain == "post_tag":
            tags.append(imp.tags.get(nicename) or term_tag(nicename, name))
        elif domain == "category" and imp.sections.get(nicename) != section:
            tags.append(term_tag(nicename, name))
    authors = []
    # Broadsheet's own exports list every byline; WordPress has one author.
    logins = record.meta.get(BYLINES_META, record.creator).split(",")
    for login in dict.fromkeys(filter(None, logins)):
        author = imp.authors.get(login)
        if author is None:
            slug = slugify(login)[:100] or "author"
            author, _ = Author.objects.get_or_create(
                slug=slug, defaults={"name": login[:100]}
            )
            imp.authors[login] = author
        authors.append(author)
    return tags, authors


def bylines(article, authors) -> list[Byline]:
    return [
        Byline(article_id=article.pk, author=author, position=position)
        for position, author in enumerate(authors)
    ]


def term_tag(nicename, name) -> Tag:
    slug = slugify(unquote(nicename))[:100] or slugify(name)[:100] or "tag"
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        name = html.unescape(name)[:100] or slug
        if Tag.objects.filter(name=name).exists():
            name = f"{name} ({slug})"[:100]
        tag = Tag.objects.create(slug=slug, name=name)
    return tag


def revisit_posts(imp) -> None:
    """Settle links, galleries, featured images and attachment pages."""
    imp.flush_addresses()
    for pk, content in imp.revisit.items():
        article = Article.objects.get(pk=pk)
        body = convert(content, imp.attachments.get).body
        body = body_images(imp, body, f"post “{article.headline}”")
        article.body = rewrite_links(imp, body)
        article.save()
    for pk, attachment_id in imp.thumbnails.items():
        attach_featured_image(imp, Article.objects.get(pk=pk), attachment_id)
    for wp_id, attachment in imp.attachments.items():
        parent = imp.items[Kind.POST].get(attachment.parent_id)
        if parent is None or not parent.object_id:
            continue
        imp.address(imp.old_path(attachment.link), article_id=parent.object_id)
        imp.address(f"{imp.root()}?attachment_id={wp_id}", article_id=parent.object_id)
    imp.flush_addresses()


def rewrite_links(imp, body: str) -> str:
    """Point links to the old site's posts at their new addresses."""
    site_host = urlsplit(imp.site.link or imp.site.base_site_url).netloc

    def replace(match):
        url = html.unescape(match.group(2))
        parts = urlsplit(url)
        if parts.netloc != site_host:
            return match.group(0)
        if match.group(1) == "src":
            return match.group(0)
        old = OldAddress.objects.filter(path=imp.old_path(url)).first()
        destination = old and old.destination(even_unpublished=True)
        if not destination:
            return match.group(0)
        return f'{match.group(1)}="{html.escape(destination)}"'

    return _HREF.sub(replace, body)


def attach_featured_image(imp, article, attachment_id) -> None:
    """The post's `_thumbnail_id` image, from the media library (save_images
    added every image attachment whose file was in --uploads)."""
    known = imp.items[Kind.ATTACHMENT].get(attachment_id)
    image = known and Image.objects.filter(pk=known.object_id).first()
    if not image:
        imp.report.missing_files.append(
            f"featured image of “{article.headline}”: attachment {attachment_id} "
            "is not in the library (not in the export, or its file is missing)"
        )
        return
    article.featured_image = image
    article.save()
