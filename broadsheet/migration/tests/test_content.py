"""WordPress content becomes clean article HTML: every paragraph kept,
nothing unsafe left."""

import html
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from broadsheet.articles.rendering import ALLOWED_TAGS, render_markdown
from broadsheet.migration.comments import reply_html
from broadsheet.migration.content import Attachment, convert
from broadsheet.migration.tests.strategies import hostile_content, paragraphs
from broadsheet.migration.wpautop import wpautop
from broadsheet.replies.rendering import render_reply_text


def rendered(source, **kwargs):
    """What readers get: the body as stored, rendered like every article."""
    return render_markdown(convert(source, **kwargs).body)


def texts_of_paragraphs(body_html):
    found = re.findall(r"<p>(.*?)</p>", body_html, re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", p)).split()) for p in found]


def normal(text):
    return " ".join(text.split())


@settings(deadline=None)
@given(st.lists(paragraphs(), min_size=1, max_size=6))
@example(["&#0", "Fish &amp chips", "A &lt; b"])
def test_classic_text_keeps_every_paragraph_in_order(source_paragraphs):
    body = rendered("\n\n".join(source_paragraphs))
    # Post content is HTML: "&#0" or "&amp" in it are character references.
    expected = [normal(html.unescape(p)) for p in source_paragraphs]
    assert texts_of_paragraphs(body) == expected


@settings(deadline=None)
@given(st.lists(paragraphs(), min_size=1, max_size=6))
def test_block_editor_text_keeps_every_paragraph_in_order(source_paragraphs):
    source = "\n\n".join(
        f"<!-- wp:paragraph -->\n<p>{html.escape(p, quote=False)}</p>\n"
        "<!-- /wp:paragraph -->"
        for p in source_paragraphs
    )
    body = rendered(source)
    assert texts_of_paragraphs(body) == [normal(p) for p in source_paragraphs]


@settings(deadline=None)
@given(hostile_content())
def test_nothing_unsafe_survives(source):
    body = rendered(source).lower()
    tags = re.findall(r"<[^>]*>", body)
    names = {re.match(r"</?([a-z0-9]+)", tag).group(1) for tag in tags}
    assert names <= ALLOWED_TAGS
    for tag in tags:
        assert not re.search(r"\son\w+\s*=|\sstyle\s*=|javascript:", tag)
    assert "alert(1)" not in body  # a script's or style's content goes with it


@settings(deadline=None)
@given(hostile_content())
def test_stored_body_renders_to_the_same_html_twice(source):
    """The body is CommonMark-safe: rendering it again changes nothing."""
    body = convert(source).body
    assert render_markdown(render_markdown(body)) == render_markdown(body)


def test_wpautop_paragraphs_and_line_breaks():
    assert wpautop("One\ntwo\n\nThree") == "<p>One<br />\ntwo</p>\n<p>Three</p>\n"


def test_wpautop_leaves_block_elements_unwrapped():
    out = wpautop("Intro\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\nOutro")
    assert out == "<p>Intro</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<p>Outro</p>\n"


def test_wpautop_keeps_preformatted_text_as_is():
    out = wpautop("Code:\n\n<pre>a\n\nb</pre>\n\nEnd")
    assert "<pre>a\n\nb</pre>" in out
    assert out.startswith("<p>Code:</p>")


def test_wpautop_double_br_is_a_paragraph_break():
    assert wpautop("One<br><br>Two") == "<p>One</p>\n<p>Two</p>\n"


def test_wpautop_blockquote_gets_inner_paragraph():
    assert wpautop("<blockquote>Said so</blockquote>") == (
        "<blockquote><p>Said so</p></blockquote>\n"
    )


def test_caption_shortcode_becomes_a_figure():
    body = rendered(
        '[caption id="a" width="300"]<img src="https://x.example/a.jpg" alt="A"> '
        "Harbour at dawn[/caption]"
    )
    assert body == (
        '<figure><img src="https://x.example/a.jpg" alt="A">'
        "<figcaption>Harbour at dawn</figcaption></figure>"
    )


def test_caption_attribute_form():
    body = rendered(
        '[caption caption="Dawn"]<img src="https://x.example/a.jpg">[/caption]'
    )
    assert "<figcaption>Dawn</figcaption>" in body


def test_gallery_shows_each_known_image():
    images = {5: Attachment(url="https://x.example/5.jpg", alt="Five", caption="Cap")}
    body = rendered('[gallery ids="5,6"]', attachments=images.get)
    assert '<img src="https://x.example/5.jpg" alt="Five">' in body
    assert "<figcaption>Cap</figcaption>" in body
    assert convert('[gallery ids="5,6"]', images.get).unresolved_attachments == {6}


def test_escaped_shortcode_is_shown_literally():
    assert (
        rendered("Type [[gallery]] to add one.") == "<p>Type [gallery] to add one.</p>"
    )


def test_unknown_shortcode_is_kept_and_counted():
    result = convert('Before\n\n[poll id="3"]\n\nAfter')
    assert result.unknown_shortcodes == {"poll": 1}
    assert '[poll id="3"]' in render_markdown(result.body)


def test_unknown_block_keeps_its_text_and_is_counted():
    result = convert(
        "<!-- wp:acme/box -->\n<div>Boxed text</div>\n<!-- /wp:acme/box -->"
    )
    assert result.unknown_blocks == {"acme/box": 1}
    assert render_markdown(result.body) == "<p>Boxed text</p>"


def test_dynamic_block_is_counted():
    result = convert("<!-- wp:paragraph --><p>A</p><!-- /wp:paragraph -->"
                     "<!-- wp:latest-posts {\"postsToShow\":3} /-->")  # fmt: skip
    assert result.unknown_blocks == {"latest-posts (dynamic, nothing to keep)": 1}


def test_heading_one_becomes_heading_two():
    assert rendered("<h1>Title</h1>\n\nText") == "<h2>Title</h2>\n<p>Text</p>"


def test_markdown_characters_in_imported_text_stay_literal():
    assert rendered("*not emphasis* and 1. not a list") == (
        "<p>*not emphasis* and 1. not a list</p>"
    )


REPLY_PIECES = st.sampled_from(
    [*"ab .:/@wWcomnetrg<>&\"'\n\r\t", "http://", "www.", ".com", ".org/", "\n\n", "é"]
)


@settings(deadline=None)
@given(st.lists(REPLY_PIECES, max_size=40).map("".join))
def test_reply_html_is_render_reply_text(text):
    assert reply_html(text) == render_reply_text(text)
