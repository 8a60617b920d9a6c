"""WordPress posts to Articles: status, date, slug, dek, section, tags, bylines.

Called by `broadsheet.migration.importing` for each post, and once at the end
(`revisit_posts`) for what could only be settled after the whole file was
read: links to posts further on, galleries, featured images and attachment
pages.
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote, urlsplit

from django.core.files import File
from django.core.files.storage import default_storage
from django.utils.text import slugify

from broadsheet.articles.models import Article, Author, Byline, Section, Tag
from broadsheet.migration.content import convert, plain_text
from broadsheet.migration.models import ImportedItem, OldAddress, checksum
from broadsheet.replies.models import Discussion

Kind = ImportedItem.Kind
STATUSES = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.SCHEDULED,
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.DRAFT,
    "private": Article.Status.DRAFT,
}
BYLINES_META = "_broadsheet_bylines"
_HREF = re.compile(r'(href|src)="([^"]+)"')
_SRC = re.compile(r'src="([^"]+)"')


def post_checksum(record) -> str:
    return checksum(
        record.title, record.content, record.excerpt, record.slug, record.status,
        record.post_date, record.creator, record.categories, record.password,
        record.is_sticky, record.comment_status, record.link,
        record.meta.get("_thumbnail_id"), record.meta.get(BYLINES_META),
    )  # fmt: skip


def save_post(imp, record) -> tuple[Article, str]:
    """Create or update the post's article; return it and what happened."""
    digest = post_checksum(record)
    article, known = imp.known_object(Kind.POST, record.post_id, Article, record.guid)
    if article is not None and known.checksum == digest:
        return article, "unchanged"
    article = article or Article()
    conversion = convert(record.content, imp.attachments.get)
    imp.report.unknown_shortcodes.update(conversion.unknown_shortcodes)
    imp.report.unknown_blocks.update(conversion.unknown_blocks)
    where = f"post {record.post_id} “{record.title}”"
    fill_article(imp, article, record, rewrite_uploads(imp, conversion.body, where))
    article.save()
    save_terms(imp, article, record)
    Discussion.objects.update_or_create(
        article=article, defaults={"is_open": record.comment_status == "open"}
    )
    outcome = imp.remember(Kind.POST, record.post_id, article, digest, guid=record.guid)
    site_host = urlsplit(imp.site.link or imp.site.base_site_url).netloc
    if conversion.unresolved_attachments or (site_host and site_host in record.content):
        imp.revisit[article.pk] = record.content
    if record.meta.get("_thumbnail_id", "").isdigit():
        imp.thumbnails[article.pk] = int(record.meta["_thumbnail_id"])
    root = imp.root()
    imp.address(imp.old_path(record.link), article=article)
    imp.address(f"{root}?p={record.post_id}", article=article)
    link = urlsplit(record.link)
    if link.path.strip("/") and not link.query:
        feed = link.path.rstrip("/") + "/feed/"
        imp.address(feed, OldAddress.Target.REPLIES_FEED, article=article)
    return article, outcome


def fill_article(imp, article, record, body) -> None:
    where = f"post {record.post_id} “{record.title}”"
    article.headline = html.unescape(record.title)[:200] or "(untitled)"
    article.slug = unique_slug(record, article)
    article.dek = plain_text(record.excerpt)
    article.body = body
    article.status = STATUSES[record.status]
    if record.password or record.status == "private":
        article.status = Article.Status.DRAFT
        why = "password-protected" if record.password else "private"
        imp.report.unpublished.append(f"{where}: {why}")
    if record.is_sticky:
        imp.report.not_featured.append(where)
    article.published_at = record.post_date
    article.section = primary_section(imp, record)
    article.import_ref = f"wordpress:{record.post_id}"


def unique_slug(record, article) -> str:
    base = (
        slugify(unquote(record.slug))
        or slugify(html.unescape(record.title))
        or f"post-{record.post_id}"
    )[:200]
    if Article.objects.filter(slug=base).exclude(pk=article.pk).exists():
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


def save_terms(imp, article, record) -> None:
    """Tags and bylines; categories beyond the section become tags of that name."""
    tags = []
    for domain, nicename, name in record.categories:
        if domain == "post_tag" or (
            domain == "category" and imp.sections.get(nicename) != article.section
        ):
            tags.append(imp.tags.get(nicename) if domain == "post_tag" else None)
            if tags[-1] is None:
                tags[-1] = term_tag(nicename, name)
    article.tags.set(tags)
    Byline.objects.filter(article=article).delete()
    # Broadsheet's own exports list every byline; WordPress has one author.
    logins = record.meta.get(BYLINES_META, record.creator).split(",")
    for position, login in enumerate(dict.fromkeys(filter(None, logins))):
        author = imp.authors.get(login)
        if author is None:
            slug = slugify(login)[:100] or "author"
            author, _ = Author.objects.get_or_create(
                slug=slug, defaults={"name": login[:100]}
            )
            imp.authors[login] = author
        Byline.objects.create(article=article, author=author, position=position)


def term_tag(nicename, name) -> Tag:
    slug = slugify(unquote(nicename))[:100] or slugify(name)[:100] or "tag"
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        name = html.unescape(name)[:100] or slug
        if Tag.objects.filter(name=name).exists():
            name = f"{name} ({slug})"[:100]
        tag = Tag.objects.create(slug=slug, name=name)
    return tag


def copy_upload(imp, relative: str, where: str) -> str | None:
    """Copy a file from --uploads into the media folder; its stored name, or None
    (and a line in the report) when it cannot be found."""
    relative = unquote(relative).lstrip("/")
    source = (imp.uploads / relative).resolve() if imp.uploads else None
    if (
        source is None
        or not source.is_file()
        or imp.uploads.resolve() not in source.parents
    ):
        why = "no --uploads folder given" if imp.uploads is None else "not in --uploads"
        imp.report.missing_files.append(f"{where}: {relative} ({why})")
        return None
    name = f"wordpress/{relative}"
    if not imp.report.dry_run and not default_storage.exists(name):
        with source.open("rb") as stream:
            name = default_storage.save(name, File(stream))
    return name


def rewrite_uploads(imp, body: str, where: str) -> str:
    """Point images in the old site's wp-content/uploads at their copies."""
    site_host = urlsplit(imp.site.link or imp.site.base_site_url).netloc

    def replace(match):
        url = html.unescape(match.group(1))
        parts = urlsplit(url)
        if (
            parts.netloc not in (site_host, "")
            or "/wp-content/uploads/" not in parts.path
        ):
            return match.group(0)
        relative = parts.path.split("/wp-content/uploads/", 1)[1]
        name = copy_upload(imp, relative, where)
        if name is None:
            return match.group(0)
        return f'src="{html.escape(default_storage.url(name))}"'

    return _SRC.sub(replace, body)


def revisit_posts(imp) -> None:
    """Settle links, galleries, featured images and attachment pages."""
    imp.flush_addresses()
    for pk, content in imp.revisit.items():
        article = Article.objects.get(pk=pk)
        body = convert(content, imp.attachments.get).body
        body = rewrite_uploads(imp, body, f"“{article.headline}”")
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
    attachment = imp.attachments.get(attachment_id)
    where = f"featured image of “{article.headline}”"
    if attachment is None:
        imp.report.missing_files.append(
            f"{where}: attachment {attachment_id} not in the export"
        )
        return
    relative = attachment.file or urlsplit(attachment.url).path.split("/uploads/")[-1]
    name = copy_upload(imp, relative, where)
    if name is None:
        return
    article.image.name = name
    article.image_alt = attachment.alt[:250]
    article.image_caption = plain_text(attachment.caption)[:300]
    article.save()
