"""The Harbour Gazette export imported: what readers and editors find."""

import datetime as dt
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from broadsheet.articles.fronts import shape_front
from broadsheet.articles.models import Article, Author, Pin, Section, Tag
from broadsheet.media.models import Image
from broadsheet.migration.tests.conftest import DATA, SITE, import_wordpress
from broadsheet.pages.models import Page
from broadsheet.replies.models import Reply

UTC = dt.UTC


def article(slug):
    return Article.objects.get(slug=slug)


def test_statuses_follow_wordpress(imported_site):
    assert article("ferry-timetable-winter").status == Article.Status.PUBLISHED
    assert article("diary").status == Article.Status.SCHEDULED
    assert article("council-budget-draft").status == Article.Status.DRAFT
    assert article("members").status == Article.Status.DRAFT
    assert article("private-notes").status == Article.Status.DRAFT
    assert not Article.objects.filter(headline="Deleted story").exists()


def test_report_lists_unpublished_sticky_trash_pages_and_attachments(imported_site):
    assert "post 105 “Members only”: password-protected" in imported_site
    assert "post 106 “Private notes”: private" in imported_site
    assert "skipped 1: status trash" in imported_site
    assert "Sticky posts (featured on the front page): 1" in imported_site
    assert "post 101 “Ferry timetable changes for winter”" in imported_site


def test_sticky_post_is_featured_on_the_front_page(imported_site, client):
    (pin,) = Pin.objects.active()
    assert pin.article == article("ferry-timetable-winter")
    assert pin.place == Pin.Place.FEATURED and pin.section is None
    front = shape_front(list(Article.objects.published()))
    assert article("ferry-timetable-winter") in [front.lead, *front.featured]
    assert client.get("/").status_code == 200


def test_sticky_post_is_pinned_once(imported_site, uploads, tmp_path):
    import_wordpress(SITE, "--uploads", uploads)
    changed = tmp_path / "later.xml"
    changed.write_text(
        SITE.read_text(encoding="utf-8").replace(
            "Ferry timetable changes for winter", "Ferry timetable: winter"
        ),
        encoding="utf-8",
    )
    report = import_wordpress(changed, "--uploads", uploads)
    assert "posts:        0 imported, 1 updated" in report
    assert Pin.objects.count() == 1


def test_pages_become_static_pages_nested_as_they_were(imported_site, client):
    about = Page.objects.get(slug="about")
    ethics = Page.objects.get(slug="ethics")
    assert ethics.parent == about
    assert ethics.get_absolute_url() == "/about/ethics/"
    response = client.get("/about/ethics/")
    assert response.status_code == 200
    assert "We name our sources." in response.content.decode()
    assert "pages:        2 imported" in imported_site


def test_image_attachments_join_the_media_library(imported_site):
    (image,) = Image.objects.all()
    assert image.alt_text == "Waves over the sea wall"
    assert image.caption == "Waves at high tide."
    assert image.original_name == "waves.jpg"
    assert image.renditions
    assert "attachment 111: 2024/10/pier.jpg (not in --uploads)" in imported_site
    assert (
        "attachments:  1 imported, 0 updated, 0 unchanged, 1 skipped" in imported_site
    )


def test_image_attachments_are_added_once(imported_site, uploads):
    report = import_wordpress(SITE, "--uploads", uploads)
    assert Image.objects.count() == 1
    assert "attachments:  0 imported, 0 updated, 1 unchanged" in report


def test_post_fields_are_kept(imported_site):
    ferry = article("ferry-timetable-winter")
    assert ferry.headline == "Ferry timetable changes for winter"
    assert ferry.published_at == dt.datetime(2024, 10, 3, 8, 30, tzinfo=UTC)
    assert ferry.dek == "Fewer sailings from Monday."
    assert [a.name for a in ferry.authors.all()] == ["Olena Kovalenko"]
    assert [t.name for t in ferry.tags.all()] == ["Ferries"]
    assert ferry.section.name == "Harbour"
    assert ferry.featured_image.original_name == "waves.jpg"
    assert ferry.featured_image.alt_text == "Waves over the sea wall"


def test_nested_categories_keep_their_parent(imported_site):
    harbour = Section.objects.get(slug="harbour")
    news = Section.objects.get(slug="news")
    assert harbour.description == "Ships, cranes and tides."
    assert harbour.position == news.position + 1


def test_extra_categories_become_tags(imported_site):
    storm = article("storm-warning")
    assert storm.section.slug == "news"
    assert sorted(t.name for t in storm.tags.all()) == ["Opinion", "Weather"]


def test_no_staff_account_from_export_emails(imported_site):
    assert not get_user_model().objects.exists()
    assert Author.objects.get(slug="olena").user is None


def test_staff_accounts_only_when_asked(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    import_wordpress(SITE, "--create-staff-accounts")
    olena = Author.objects.get(slug="olena").user
    assert olena.email == "olena@gazette.example"
    assert olena.is_staff and not olena.is_active
    assert not olena.has_usable_password()


def test_comments_become_threaded_replies_with_state(imported_site):
    ferry = article("ferry-timetable-winter")
    replies = {r.name: r for r in Reply.objects.filter(article=ferry)}
    assert set(replies) == {
        "Maria Lopez", "Olena Kovalenko", "Cheap Pills", "Dockside", "Late Reader"
    }  # fmt: skip
    assert replies["Olena Kovalenko"].parent == replies["Maria Lopez"]
    assert replies["Dockside"].parent == replies["Olena Kovalenko"]
    assert replies["Dockside"].depth == 2
    assert replies["Dockside"].status == Reply.Status.PENDING
    assert replies["Cheap Pills"].status == Reply.Status.SPAM
    maria = replies["Maria Lopez"]
    assert maria.email == "maria@reader.example"
    assert maria.website == "https://maria.example"
    assert maria.ip_address == "203.0.113.7"
    assert maria.created_at == dt.datetime(2024, 10, 3, 10, 0, tzinfo=UTC)
    assert replies["Dockside"].ip_address is None
    assert "See the spring plan (https://ferries.example/spring)." in (
        replies["Olena Kovalenko"].text
    )


def test_pingbacks_are_counted_and_kept_out(imported_site):
    assert not Reply.objects.filter(name="Another Blog").exists()
    assert "skipped 1: pingbacks are not replies" in imported_site


def test_comment_with_missing_parent_is_kept_at_top_and_reported(imported_site):
    late = Reply.objects.get(name="Late Reader")
    assert late.parent is None and late.depth == 0
    assert "comment 506 on post 101 (line 143): parent 499 not found" in imported_site


def test_reply_count_and_discussion_state_are_kept(imported_site):
    ferry, storm = article("ferry-timetable-winter"), article("storm-warning")
    assert ferry.discussion.reply_count == 3
    assert ferry.discussion.is_open
    assert not storm.discussion.is_open


def test_article_page_shows_threaded_replies_and_no_email(imported_site, client):
    response = client.get(article("ferry-timetable-winter").get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Will the 06:30 come back in spring?" in page
    assert "The operator says yes, from April." in page
    assert "Buy now" not in page
    for email in ("maria@reader.example", "olena@gazette.example", "Maria@Reader"):
        assert email not in page


def test_content_is_converted_and_sanitised(imported_site):
    ferry = article("ferry-timetable-winter").body_html
    assert "<h2>What changes</h2>" in ferry
    assert "<li>First sailing at 07:00</li>" in ferry
    assert "<p>Which sailing do you use?</p>" in ferry
    storm = article("storm-warning").body_html
    assert "<p>The coastguard expects gusts of 90 km/h.<br>" in storm
    assert (
        '<figcaption>Waves at high tide. <span class="credit">Port Authority'
        "</span></figcaption>"
    ) in storm
    assert 'href="https://www.youtube.com/watch?v=abc123"' in storm
    assert "Video: wall.mp4" in storm and "Audio: siren.mp3" in storm
    assert '[contact-form-7 id="12" title="Tips"]' in storm
    assert "<script" not in storm and "onclick" not in storm and "steal" not in storm


def test_body_images_are_library_images_and_missing_ones_reported(imported_site):
    storm = article("storm-warning")
    (waves,) = Image.objects.all()  # the attachment, the figure and the gallery
    assert f'![Waves over the wall](image:{waves.pk} "Waves at high tide.")' in (
        storm.body
    )
    assert waves.credit == "Port Authority"
    assert 'srcset="/media/renditions/' in storm.body_html
    assert 'alt="Waves over the wall"' in storm.body_html
    assert 'src="https://gazette.example/wp-content/uploads/2024/10/pier.jpg"' in (
        storm.body_html
    )
    assert "2024/10/pier.jpg (not in --uploads)" in imported_site


CRANE = (
    '<figure class="wp-block-image"><img src="https://gazette.example/wp-content/'
    'uploads/2024/10/crane.jpg" alt="The new crane"/><figcaption>Lifted in at dawn, '
    "Picture: Ana Silva</figcaption></figure>\n\n<p>Seen from the pier: <img src="
    '"/wp-content/uploads/2024/10/crane.jpg" alt="crane" width="40"> again.</p>'
)


@pytest.fixture
def crane_export(uploads, tmp_path):
    """The export, with a block-editor figure and an inline image of a file no
    attachment names, at the end of the storm story."""
    from PIL import Image as Picture

    Picture.new("RGB", (12, 8), (200, 90, 0)).save(uploads / "2024/10/crane.jpg")
    text = SITE.read_text(encoding="utf-8").replace(
        "Ferry news:", CRANE + "\n\nFerry news:"
    )
    path = tmp_path / "crane.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_image_only_in_a_body_joins_the_library(imported_site, crane_export):
    import_wordpress(crane_export, "--uploads", crane_export.parent / "uploads")
    crane = Image.objects.get(original_name="crane.jpg")
    assert crane.alt_text == "The new crane"
    assert crane.caption == "Lifted in at dawn"
    assert crane.credit == "Ana Silva"
    storm = article("storm-warning")
    assert f'![The new crane](image:{crane.pk} "Lifted in at dawn")' in storm.body
    assert f'<img src="image:{crane.pk}" alt="crane">' in storm.body
    assert storm.body_html.count(f"/media/renditions/{crane.key.hex}/") >= 2


def test_images_in_a_page_join_the_library(imported_site, uploads, tmp_path):
    figure = (
        '[caption id="attachment_110" width="800"]<img src="https://gazette.example'
        '/wp-content/uploads/2024/10/waves.jpg" alt="The wall" /> Our harbour.'
        "[/caption]"
    )
    later = tmp_path / "page.xml"
    later.write_text(
        SITE.read_text(encoding="utf-8").replace(
            "We name our sources.", "We name our sources.\n\n" + figure
        ),
        encoding="utf-8",
    )
    import_wordpress(later, "--uploads", uploads)
    (waves,) = Image.objects.all()
    ethics = Page.objects.get(slug="ethics")
    assert f'![The wall](image:{waves.pk} "Our harbour.")' in ethics.body
    assert f"/media/renditions/{waves.key.hex}/" in ethics.body_html


def test_body_images_are_added_once(imported_site, crane_export, tmp_path):
    uploads = crane_export.parent / "uploads"
    import_wordpress(crane_export, "--uploads", uploads)
    again = tmp_path / "again.xml"
    again.write_text(
        crane_export.read_text(encoding="utf-8").replace("gusts", "strong gusts"),
        encoding="utf-8",
    )
    report = import_wordpress(again, "--uploads", uploads)
    assert "posts:        0 imported, 1 updated" in report
    assert sorted(Image.objects.values_list("original_name", flat=True)) == [
        "crane.jpg",
        "waves.jpg",
    ]


def test_internal_links_point_at_new_addresses(imported_site):
    ferry, storm = article("ferry-timetable-winter"), article("storm-warning")
    assert f'href="{storm.get_absolute_url()}"' in ferry.body_html
    assert f'href="{ferry.get_absolute_url()}"' in storm.body_html


def test_unknown_shortcodes_and_blocks_are_reported(imported_site):
    assert "[contact-form-7] x1" in imported_site
    assert "[acme/poll] x1" in imported_site


def test_second_run_changes_nothing(imported_site, uploads):
    before = {
        "articles": list(Article.objects.values_list("pk", "updated_at", "body")),
        "replies": list(Reply.objects.values_list("pk", "status", "parent")),
        "history": Article.history.count(),
        "tags": Tag.objects.count(),
        "pins": list(Pin.objects.values_list("pk", "article", "expires_at")),
        "images": list(Image.objects.values_list("pk", "alt_text", "credit")),
    }
    report = import_wordpress(SITE, "--uploads", uploads)
    after = {
        "articles": list(Article.objects.values_list("pk", "updated_at", "body")),
        "replies": list(Reply.objects.values_list("pk", "status", "parent")),
        "history": Article.history.count(),
        "tags": Tag.objects.count(),
        "pins": list(Pin.objects.values_list("pk", "article", "expires_at")),
        "images": list(Image.objects.values_list("pk", "alt_text", "credit")),
    }
    assert after == before
    assert re.search(r"^0 imported, 0 updated, \d+ unchanged", report, re.M)


def test_later_export_adds_new_and_updates_changed(imported_site, tmp_path):
    text = SITE.read_text(encoding="utf-8")
    text = text.replace("Storm warning for the weekend", "Storm warning extended")
    text = text.replace("Will the 06:30 come back in spring?", "Will it return?")
    later = tmp_path / "later.xml"
    later.write_text(text, encoding="utf-8")
    report = import_wordpress(later)
    assert article("storm-warning").headline == "Storm warning extended"
    assert Reply.objects.get(name="Maria Lopez").text == "Will it return?"
    assert Article.objects.count() == 6
    assert "posts:        0 imported, 1 updated, 5 unchanged" in report
    assert "comments:     0 imported, 1 updated, 4 unchanged" in report


def test_dry_run_prints_the_report_and_writes_nothing(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    report = import_wordpress(SITE, "--dry-run")
    assert "DRY RUN: nothing was written." in report
    assert "posts:        6 imported" in report
    assert not Article.objects.exists() and not Section.objects.exists()
    assert not (tmp_path / "imports").exists()


def test_report_is_saved(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    printed = import_wordpress(SITE, "--report", tmp_path / "report.txt")
    saved = (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert saved in printed
    assert "comments:     5 imported" in saved


def test_report_goes_to_the_data_folder_by_default(imported_site, settings):
    (saved,) = (settings.DATA_DIR / "imports").glob("wordpress-*.txt")
    assert "posts:        6 imported" in saved.read_text(encoding="utf-8")


def test_no_progress_bar_when_not_a_terminal(imported_site):
    assert "\r" not in imported_site
    assert "items read" not in imported_site


class Terminal(StringIO):
    def isatty(self):
        return True


def test_progress_bar_on_a_terminal(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    out = Terminal()
    call_command("import_wordpress", str(SITE), stdout=out)
    assert re.search(r"\r\[#{30}\] 100%  \d+ items, [\d,]+/s", out.getvalue())


def test_old_namespace_file_imports_the_same_way(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    import_wordpress(DATA / "wxr-1.0.xml")
    assert Article.objects.get().section.name == "Local"


@pytest.mark.parametrize("existing", ["news"])
def test_existing_section_with_the_same_slug_is_reused(
    db, settings, tmp_path, existing
):
    settings.DATA_DIR = tmp_path
    Section.objects.create(name="Latest news", slug=existing)
    import_wordpress(SITE)
    assert Section.objects.filter(slug=existing).count() == 1
    assert article("storm-warning").section.slug == existing


def test_imported_articles_are_found_by_search(db, settings, tmp_path, client):
    """Bulk-created (no signals), indexed once at the end of the import."""
    settings.DATA_DIR = tmp_path
    import_wordpress(DATA / "wxr-1.0.xml")
    page = client.get("/search/", {"q": "stalls"}).content.decode()
    assert "Market day" in page


@pytest.mark.parametrize("name", ["pier%00.jpg", "p" * 300 + ".jpg", "pier%C0.jpg"])
def test_an_image_path_no_file_can_have_is_reported_missing(
    imported_site, uploads, tmp_path, name
):
    odd = f'<p><img src="/wp-content/uploads/2024/10/{name}" alt="odd"></p>'
    text = SITE.read_text(encoding="utf-8").replace("Ferry news:", odd + "Ferry news:")
    path = tmp_path / "odd.xml"
    path.write_text(text, encoding="utf-8")
    report = import_wordpress(path, "--uploads", uploads)
    assert "(not in --uploads)" in report and "odd" in article("storm-warning").body


def test_comments_imported_later_show_in_the_cached_replies_feed(
    imported_site, tmp_path, django_capture_on_commit_callbacks
):
    from broadsheet.caching.tests.wsgi_client import get

    ferry = article("ferry-timetable-winter")
    feed = f"/feeds/replies/{ferry.pk}/rss/"
    assert "Back in April, then?" not in get(feed)[2]
    assert get(feed)[1]["X-Cache"] == "HIT"
    later = tmp_path / "later.xml"
    later.write_text(
        SITE.read_text(encoding="utf-8").replace(
            "\t\t</wp:comment>\n",
            "\t\t</wp:comment>\n\t\t<wp:comment>\n"
            "\t\t\t<wp:comment_id>599</wp:comment_id>\n"
            "\t\t\t<wp:comment_author><![CDATA[Sam Rowe]]></wp:comment_author>\n"
            "\t\t\t<wp:comment_author_email>sam@reader.example"
            "</wp:comment_author_email>\n"
            "\t\t\t<wp:comment_date_gmt><![CDATA[2024-10-04 09:00:00]]>"
            "</wp:comment_date_gmt>\n"
            "\t\t\t<wp:comment_content><![CDATA[Back in April, then?]]>"
            "</wp:comment_content>\n"
            "\t\t\t<wp:comment_approved><![CDATA[1]]></wp:comment_approved>\n"
            "\t\t\t<wp:comment_parent>0</wp:comment_parent>\n"
            "\t\t</wp:comment>\n",
            1,
        ),
        encoding="utf-8",
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = import_wordpress(later)
    assert "comments:     1 imported" in report
    status, headers, body = get(feed)
    assert headers["X-Cache"] == "MISS" and "Back in April, then?" in body
    assert "sam@reader.example" not in body
    page = get(ferry.get_absolute_url())[2]
    assert "Back in April, then?" in page and "sam@reader.example" not in page
