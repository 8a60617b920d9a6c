"""WordPress pages to Broadsheet's static pages, nested as they were.

Pages are few, and a page may come before its parent in the file, so they are
kept until the whole file is read (and the image attachments are in the
media library) and then saved parents first, each through `Page.save` (which
renders the body and builds the nested address).
"""

from __future__ import annotations

import html
from urllib.parse import unquote

from django.utils.text import slugify

from broadsheet.migration.content import convert
from broadsheet.migration.images import body_images
from broadsheet.migration.models import ImportedItem, checksum
from broadsheet.pages.models import RESERVED_SLUGS, YEAR, Page

Kind = ImportedItem.Kind


def page_checksum(record) -> str:
    return checksum(
        record.title, record.content, record.slug, record.status, record.parent_id,
        record.link,
    )  # fmt: skip


def save_pages(imp, records) -> None:
    """Save the pages, each after its parent; report what could not be kept."""
    by_id = {record.post_id: record for record in records}
    done: set[int] = set()

    def save(record, seen=()):
        if record.post_id in done:
            return
        parent = by_id.get(record.parent_id)
        if parent is not None and parent.post_id not in seen:
            save(parent, (*seen, record.post_id))
        done.add(record.post_id)
        save_page(imp, record)

    for record in records:
        save(record)


def save_page(imp, record) -> None:
    digest = page_checksum(record)
    page, known = imp.known_object(Kind.PAGE, record.post_id, Page, record.guid)
    if page is not None and known.checksum == digest:
        imp.report.count("page", "unchanged")
        return
    if page is None and known is not None:
        imp.forget(known)
    page = page or Page()
    conversion = convert(record.content, imp.attachments.get)
    imp.report.unknown_shortcodes.update(conversion.unknown_shortcodes)
    imp.report.unknown_blocks.update(conversion.unknown_blocks)
    where = f"page {record.post_id} “{record.title}”"
    page.title = html.unescape(record.title)[:200] or "(untitled)"
    page.body = body_images(imp, conversion.body, where)
    parent_item = imp.items[Kind.PAGE].get(record.parent_id)
    page.parent = (
        Page.objects.filter(pk=parent_item.object_id).first() if parent_item else None
    )
    page.slug = page_slug(imp, record, page)
    page.status = (
        Page.Status.PUBLISHED if record.status == "publish" else Page.Status.DRAFT
    )
    if record.status != "publish" or record.password:
        page.status = Page.Status.DRAFT
        if record.status in ("private", "future") or record.password:
            why = "password-protected" if record.password else record.status
            imp.report.unpublished.append(f"{where}: {why}")
    page.save()
    imp.report.count("page", imp.remember(Kind.PAGE, record.post_id, page, digest,
                                          guid=record.guid))  # fmt: skip
    imp.address(imp.old_path(record.link), page=page)
    imp.address(f"{imp.root()}?page_id={record.post_id}", page=page)
    if record.comments:
        imp.report.skip("comment", "on pages: Broadsheet pages have no replies")


def page_slug(imp, record, page) -> str:
    """A slug whose address is free, and not one another part of the site owns."""
    base = (
        slugify(unquote(record.slug))
        or slugify(html.unescape(record.title))
        or f"page-{record.post_id}"
    )[:90]
    if page.parent is None and (base in RESERVED_SLUGS or YEAR.match(base)):
        imp.report.notes.append(
            f"page {record.post_id}: /{base}/ belongs to another part of Broadsheet; "
            f"the page is at /{base}-page/"
        )
        base = f"{base}-page"
    slug, n = base, 2
    while (
        Page.objects.filter(path=_path(page.parent, slug)).exclude(pk=page.pk).exists()
    ):
        slug, n = f"{base}-{n}", n + 1
    return slug


def _path(parent, slug) -> str:
    return f"{parent.build_path()}/{slug}" if parent else slug
