"""A synthetic WordPress export of any size, for the bench and for trying
the importer: `broadsheet generate-wordpress-export OUT.xml --posts 10000
--comments 200000`.

Written with lxml's incremental writer, so the generator's memory is flat. The
content is varied on purpose: block-editor and classic posts, captions,
nested categories, tags, threaded comments in every state, and pingbacks.
Seeded, so the same arguments write the same file.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from lxml import etree

from broadsheet.migration.exporting import NSMAP, _element

WORDS = [
    *("harbour", "ferry", "council", "budget", "storm", "tide", "crane", "market"),
    *("school", "bridge", "road", "mayor", "report", "vote", "river", "train"),
    *("station", "museum", "festival", "night", "morning"),
]


def _sentence(rng) -> str:
    return (
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 16))).capitalize()
        + "."
    )


def _content(rng, n) -> str:
    paragraphs = [" ".join(_sentence(rng) for _ in range(3)) for _ in range(4)]
    if n % 2:
        return "\n\n".join(
            f"<!-- wp:paragraph -->\n<p>{p}</p>\n<!-- /wp:paragraph -->"
            for p in paragraphs
        )
    caption = (
        f'[caption id="attachment_{n}" width="640"]<img src="https://synthetic.example'
        f'/wp-content/uploads/2020/01/{n}.jpg" alt="Photo {n}" /> Photo {n}[/caption]'
    )
    return "\n\n".join([paragraphs[0], caption, *paragraphs[1:]])


def _comments(rng, post_id, count, first_id, when):
    ids = []
    for n in range(count):
        comment_id = first_id + n
        parent = rng.choice(ids) if ids and rng.random() < 0.5 else 0
        state = rng.choices(["1", "0", "spam", "trash"], weights=[85, 5, 8, 2])[0]
        kind = "pingback" if rng.random() < 0.02 else "comment"
        if kind == "comment":  # nobody answers a pingback
            ids.append(comment_id)
        moment = when + timedelta(minutes=n + 1)
        element = _element("wp:comment")
        for tag, value in (
            ("wp:comment_id", comment_id),
            ("wp:comment_author", f"Reader {comment_id % 5000}"),
            ("wp:comment_author_email", f"reader{comment_id % 5000}@mail.example"),
            ("wp:comment_author_url", ""),
            ("wp:comment_author_IP", f"192.0.2.{comment_id % 250 + 1}"),
            ("wp:comment_date", moment.strftime("%Y-%m-%d %H:%M:%S")),
            ("wp:comment_date_gmt", moment.strftime("%Y-%m-%d %H:%M:%S")),
            ("wp:comment_content", _sentence(rng) + "\n" + _sentence(rng)),
            ("wp:comment_approved", state),
            ("wp:comment_type", kind),
            ("wp:comment_parent", parent),
            ("wp:comment_user_id", 0),
        ):
            element.append(_element(tag, value))
        yield element


def generate_export(path, *, posts: int, comments: int, seed: int = 12) -> None:
    """Write a WXR 1.2 file with this many posts and comments."""
    rng = random.Random(seed)
    base = "https://synthetic.example"
    start = datetime(2015, 1, 1, tzinfo=UTC)
    sections = [("news", ""), ("world", "news"), ("local", "news"), ("sport", "")]
    with etree.xmlfile(str(path), encoding="utf-8") as out:
        out.write_declaration()
        with out.element("rss", version="2.0", nsmap=NSMAP), out.element("channel"):
            for tag, value in (("title", "Synthetic Times"), ("link", base),
                               ("wp:wxr_version", "1.2"), ("wp:base_site_url", base),
                               ("wp:base_blog_url", base)):  # fmt: skip
                out.write(_element(tag, value))
            for n in range(1, 6):
                author = _element("wp:author")
                author.append(_element("wp:author_id", n))
                author.append(_element("wp:author_login", f"writer{n}"))
                author.append(_element("wp:author_display_name", f"Writer {n}"))
                out.write(author)
            for term_id, (slug, parent) in enumerate(sections, start=1):
                category = _element("wp:category")
                for tag, value in (
                    ("wp:term_id", term_id),
                    ("wp:category_nicename", slug),
                    ("wp:category_parent", parent),
                    ("wp:cat_name", slug.capitalize()),
                ):
                    category.append(_element(tag, value))
                out.write(category)
            first_comment = 1
            for n in range(1, posts + 1):
                share = comments // posts + (1 if n <= comments % posts else 0)
                out.write(_post(rng, n, base, start, sections, share, first_comment))
                first_comment += share


def _post(rng, n, base, start, sections, comment_count, first_comment):
    when = start + timedelta(hours=n)
    slug = f"story-{n}"
    link = f"{base}/{when:%Y/%m/%d}/{slug}/"
    item = _element("item")
    for tag, value in (
        ("title", f"Story {n}: {_sentence(rng)[:60]}"),
        ("link", link),
        ("dc:creator", f"writer{n % 5 + 1}"),
        ("guid", f"{base}/?p={n}"),
        ("content:encoded", _content(rng, n)),
        ("excerpt:encoded", _sentence(rng) if n % 3 == 0 else ""),
        ("wp:post_id", n),
        ("wp:post_date", when.strftime("%Y-%m-%d %H:%M:%S")),
        ("wp:post_date_gmt", when.strftime("%Y-%m-%d %H:%M:%S")),
        ("wp:comment_status", "open" if n % 4 else "closed"),
        ("wp:post_name", slug),
        ("wp:status", rng.choices(["publish", "draft", "future"], [95, 4, 1])[0]),
        ("wp:post_type", "post"),
        ("wp:is_sticky", 0),
    ):
        item.append(_element(tag, value, cdata=tag == "content:encoded"))
    slug_of = sections[n % len(sections)][0]
    item.append(_element("category", slug_of.capitalize(), domain="category",
                         nicename=slug_of))  # fmt: skip
    for comment in _comments(rng, n, comment_count, first_comment, when):
        item.append(comment)
    return item
