import re

from hypothesis import given
from hypothesis import strategies as st

from broadsheet.articles.rendering import render_markdown


def test_check_mark_lines_after_a_lead_in_become_one_list():
    html = render_markdown("It will cover:\n✅ One\n☑ Two\n✔ Three\n\nAfter.")
    assert html.count("<ul") == 1
    assert re.findall(r"<li>(.*?)</li>", html) == ["One", "Two", "Three"]
    assert "<p>It will cover:</p>" in html


def test_quote_with_a_dash_line_gets_its_attribution():
    html = render_markdown("> Peace is possible.\n>\n> — Dmitry Peskov")
    assert '<figure class="quote"><blockquote>' in html
    assert "<figcaption>Dmitry Peskov</figcaption>" in html
    assert "—" not in html


def test_quote_without_attribution_stays_a_plain_blockquote():
    html = render_markdown("> Just words.")
    assert html.startswith("<blockquote>")
    assert "figcaption" not in html


def test_headings_get_unique_ids_for_linking():
    html = render_markdown("## Reactions\n\ntext\n\n## Reactions\n")
    assert 'id="reactions"' in html and 'id="reactions-2"' in html


def test_markdown_links_images_and_lists_render():
    html = render_markdown(
        "- a\n- b\n\n[site](https://example.org) ![map](https://example.org/m.png)"
    )
    assert "<ul>" in html and "<li>a</li>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">site</a>' in html
    assert '<img src="https://example.org/m.png" alt="map">' in html


DANGEROUS = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[x](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=//evil></iframe>",
        '<p style="color:red" onclick="x()">hi</p>',
        "<svg onload=alert(1)>",
    ]
)


@given(st.lists(st.one_of(DANGEROUS, st.text(max_size=40)), max_size=8))
def test_no_script_or_event_handler_survives(parts):
    html = render_markdown("\n\n".join(parts)).lower()
    assert "<script" not in html
    assert "<iframe" not in html
    assert "<svg" not in html
    assert "javascript:" not in re.sub(r">[^<]*<", "><", html)  # as text it is harmless
    assert not re.search(r"<[^>]+\son\w+\s*=", html)
    assert "style=" not in html
