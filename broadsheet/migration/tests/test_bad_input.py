"""Every file that cannot be imported: one clear message, and nothing saved."""

import pytest
from django.core.management import CommandError

from broadsheet.articles.models import Article, Section
from broadsheet.migration.models import ImportedItem
from broadsheet.migration.tests.conftest import DATA, import_wordpress

BAD_FILES = [
    ("truncated.xml", 34, "the file ends too soon"),
    ("not-wxr.xml", 2, "not a WordPress export: no WXR namespace"),
    ("not-rss.xml", 2, "not a WordPress export: the document is <html>"),
    ("wxr-1.3.xml", 7, "unsupported WXR version 1.3"),
    ("billion-laughs.xml", 2, "declares a DOCTYPE"),
    ("external-entity.xml", 2, "declares a DOCTYPE"),
    ("undefined-entity.xml", 16, "an entity that is not allowed"),
    ("latin-1.xml", 16, "bytes that are not UTF-8"),
    ("bad-date.xml", 43, "invalid date '2012-02-30 09:00:00'"),
    ("duplicate-guid.xml", 33, "duplicate GUID"),
    ("duplicate-id.xml", 33, "duplicate post ID 14"),
]


@pytest.mark.parametrize(("name", "line", "reason"), BAD_FILES)
def test_bad_file_is_refused_with_file_line_and_reason(db, name, line, reason):
    with pytest.raises(CommandError) as raised:
        import_wordpress(DATA / name)
    message = str(raised.value)
    assert message.startswith(f"{DATA / name}, line {line}: ")
    assert reason in message


@pytest.mark.parametrize("name", ["bad-date.xml", "duplicate-guid.xml"])
def test_bad_item_after_good_ones_leaves_the_database_as_it_was(db, name):
    """The first item is fine and was written; the error rolls it back."""
    Section.objects.create(name="Kept", slug="kept")
    with pytest.raises(CommandError):
        import_wordpress(DATA / name)
    assert not Article.objects.exists()
    assert not ImportedItem.objects.exists()
    assert list(Section.objects.values_list("slug", flat=True)) == ["kept"]


def test_exit_status_is_1_on_a_bad_file(db, tmp_path):
    from broadsheet.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["broadsheet", "import-wordpress", str(DATA / "truncated.xml")])
    assert exited.value.code == 1


def test_missing_file_is_named(db, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        import_wordpress(tmp_path / "nope.xml")


def test_entity_is_never_expanded(db):
    with pytest.raises(CommandError):
        import_wordpress(DATA / "billion-laughs.xml")
    assert not Article.objects.filter(headline__contains="lol").exists()


@pytest.mark.parametrize(("name", "headline"), [
    ("wxr-1.0.xml", "Market day"),
    ("wxr-1.1.xml", "Fair in the park"),
])  # fmt: skip
def test_older_wxr_versions_are_read(db, settings, tmp_path, name, headline):
    settings.DATA_DIR = tmp_path
    import_wordpress(DATA / name)
    article = Article.objects.get()
    assert article.headline == headline
    assert (
        article.body_html
        == "<p>Stalls open at eight.</p>\n<p>Parking on the green.</p>"
    )


@pytest.mark.parametrize("odd", ["²", "١٠١", "9" * 5000])
def test_an_id_in_digits_int_cannot_read_is_refused_with_its_line(db, tmp_path, odd):
    """str.isdigit() takes "²" and Arabic-Indic digits; int() refuses the one
    and reads the other, and refuses 5,000 digits: none is a WordPress ID."""
    from broadsheet.migration.tests.conftest import SITE

    text = SITE.read_text(encoding="utf-8")
    line = text[: text.index("<wp:post_id>101</wp:post_id>")].count("\n") + 1
    bad = tmp_path / "odd-id.xml"
    bad.write_text(
        text.replace("<wp:post_id>101</wp:post_id>", f"<wp:post_id>{odd}</wp:post_id>"),
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as raised:
        import_wordpress(bad)
    assert str(raised.value).startswith(f"{bad}, line {line}: ")
    assert "post_id" in str(raised.value) and "is not a number" in str(raised.value)
    assert not Article.objects.exists()


def test_a_thumbnail_or_gallery_id_int_cannot_read_is_left_out(db, tmp_path):
    from broadsheet.migration.tests.conftest import SITE

    text = SITE.read_text(encoding="utf-8").replace(
        "<wp:meta_value><![CDATA[110]]></wp:meta_value>",
        "<wp:meta_value><![CDATA[²]]></wp:meta_value>",
    )
    text = text.replace('[gallery ids="110,111"]', '[gallery ids="²,١,111"]')
    odd = tmp_path / "odd-thumbnail.xml"
    odd.write_text(text, encoding="utf-8")
    import_wordpress(odd)
    ferry = Article.objects.get(slug="ferry-timetable-winter")
    assert ferry.featured_image is None
