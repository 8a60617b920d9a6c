"""Every door of the admin, walked by every role.

Each URL the admin serves, its own and every library's (history, revisions,
the "view on site" shortcut, autocomplete), is listed in DOORS with the status
each role gets. `test_every_admin_url_is_walked` fails when a URL appears that
is not listed, so a view a library adds is classified before it ships.
"""

import io

import PIL.Image
import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, resolve
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from broadsheet.articles.models import Article, Author, Pin
from broadsheet.articles.tests.factories import (
    ArticleFactory,
    SectionFactory,
    TagFactory,
)
from broadsheet.articles.tests.forms import form_data
from broadsheet.followups.models import CalendarFeed, FollowUp
from broadsheet.live.models import Entry, LiveCoverage
from broadsheet.media.library import add_image
from broadsheet.migration.models import ImportedItem, OldAddress
from broadsheet.pages.models import Menu, Page
from broadsheet.replies.models import Discussion, DiscussionSettings
from broadsheet.replies.tests.factories import ReplyFactory
from broadsheet.stories.models import Banner, Story

pytestmark = pytest.mark.django_db

ROLES = ["Contributor", "Editor", "Moderator", "Administrator"]
EVERYONE = (200, 200, 200, 200)
WRITERS = (200, 200, 403, 200)  # contributors, editors, administrators
EDITORS = (403, 200, 403, 200)
MODERATORS = (403, 200, 200, 200)  # editors moderate too
ADMINISTRATORS = (403, 403, 403, 200)
NOBODY = (403, 403, 403, 403)
# A contributor opening another's article is sent away as from a missing one.
OTHERS = (302, 200, 403, 200)


@pytest.fixture
def world():
    people = {}
    for role in ROLES:
        user = User.objects.create_user(role.lower(), password="pw", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        people[role] = user
    Author.objects.create(name="Cora Writer", slug="cora", user=people["Contributor"])
    section = SectionFactory(name="City")
    articles = {}
    for key, status, owner in [
        ("own draft", Article.Status.DRAFT, "Contributor"),
        ("other draft", Article.Status.DRAFT, "Editor"),
        ("own published", Article.Status.PUBLISHED, "Contributor"),
        ("other published", Article.Status.PUBLISHED, "Editor"),
    ]:
        article = ArticleFactory(
            headline=f"The {key} story",
            status=status,
            section=section,
            created_by=people[owner],
        )
        article.headline = f"The {key} story, revised"
        article.save()  # a second revision to revert from
        articles[key] = article
    reply = ReplyFactory(article=articles["other published"])
    pages = {}
    for key, status, owner in [
        ("own draft", Page.Status.DRAFT, "Contributor"),
        ("other draft", Page.Status.DRAFT, "Editor"),
        ("own published", Page.Status.PUBLISHED, "Contributor"),
        ("other published", Page.Status.PUBLISHED, "Editor"),
    ]:
        page = Page.objects.create(
            title=f"The {key} page",
            slug=key.replace(" ", "-"),
            body="Words.",
            status=status,
            created_by=people[owner],
        )
        page.title += ", revised"
        page.save()
        pages[key] = page
    live = {}
    for key in ("own draft", "own published", "other published"):
        coverage = LiveCoverage.objects.create(article=articles[key])
        entry = Entry.objects.create(coverage=coverage, text=f"On the {key} story.")
        live[key] = (coverage, entry)
    picture = io.BytesIO()
    PIL.Image.new("RGB", (40, 30), "navy").save(picture, "PNG")
    return {
        "pages": pages,
        "image": add_image(
            SimpleUploadedFile("navy.png", picture.getvalue(), "image/png"),
            alt_text="A navy rectangle",
        ),
        "pin": Pin.objects.create(article=articles["other published"], place="lead"),
        "menu": Menu.objects.create(place="header"),
        "story": Story.objects.create(name="Ceasefire talks", slug="ceasefire-talks"),
        "banner": Banner.objects.create(
            text="Live: talks resume", article=articles["other published"]
        ),
        "old address": OldAddress.objects.create(
            path="/?p=7", target="article", article=articles["other published"]
        ),
        "imported": ImportedItem.objects.create(
            kind="post", wp_id=7, object_id=articles["other published"].pk
        ),
        # Proposed from a contributor's story: still only editors decide.
        "follow-up": FollowUp.objects.create(
            article=articles["own published"],
            due_on=timezone.localdate(),
            due_until=timezone.localdate(),
            expression="tomorrow",
            sentence="The council will vote tomorrow.",
            fingerprint="doors",
        ),
        "calendar": CalendarFeed.objects.get(pk=_calendar_of(people["Editor"])),
        "people": people,
        "articles": articles,
        "live": live,
        "section": section,
        "tag": TagFactory(),
        "author": Author.objects.get(slug="cora"),
        "reply": reply,
        "discussion": Discussion.objects.get(article=reply.article),
        "settings": DiscussionSettings.current(),
        "group": Group.objects.get(name="Editor"),
        "user": people["Moderator"],
        # Sign-in records and second factors: the Administrator's alone.
        "attempt": AccessAttempt.objects.create(
            username="reporter", ip_address="192.0.2.7", failures_since_start=3
        ),
        "log": AccessLog.objects.create(username="reporter", ip_address="192.0.2.7"),
        "failure": AccessFailureLog.objects.create(
            username="reporter", ip_address="192.0.2.7"
        ),
        "totp": TOTPDevice.objects.create(user=people["Editor"], name="phone"),
        "codes": StaticDevice.objects.create(user=people["Editor"], name="backup"),
        # A background task: its arguments may hold a message to a reader.
        "task": DBTaskResult.objects.create(
            task_path="broadsheet.background.mail.deliver",
            args_kwargs={"args": [], "kwargs": {}},
            backend_name="default",
            enqueued_at=timezone.now(),
            run_after=timezone.now(),
        ),
    }


def _calendar_of(user):
    CalendarFeed.issue(user)
    return CalendarFeed.objects.get(user=user).pk


def model_doors(prefix, obj, *, changelist, add, change, history, delete):
    """The five views every ModelAdmin has, and the bare object URL."""
    base = f"/admin/{prefix}/"
    return [
        ("GET", base, changelist),
        ("GET", f"{base}add/", add),
        ("GET", f"{base}{obj.pk}/change/", change),
        ("GET", f"{base}{obj.pk}/history/", history),
        ("GET", f"{base}{obj.pk}/delete/", delete),
        ("GET", f"{base}{obj.pk}/", (302, 302, 302, 302)),  # to the change form
    ]


def article_doors(key, article, *, change, delete, preview, model="articles/article"):
    """An article's (or a static page's) views, revisions included."""
    first = article.history.order_by("history_date").first()
    base = f"/admin/{model}/{article.pk}"
    return [
        ("GET", f"{base}/change/", change),
        ("GET", f"{base}/history/", change),  # revisions follow the change view
        ("GET", f"{base}/history/{first.history_id}/", change),
        ("GET", f"{base}/delete/", delete),
        ("GET", f"{base}/preview/", preview),
        ("GET", f"{base}/", (302, 302, 302, 302)),
    ]


def doors(world):
    """(method, url, statuses for ROLES) for every URL the admin has."""
    a = world["articles"]
    own_draft_ct = ContentType.objects.get_for_model(Article).pk
    reply = world["reply"]
    section_field = "app_label=articles&model_name=article&field_name=section"
    return [
        ("GET", "/admin/", EVERYONE),
        ("GET", "/admin/login/", (302, 302, 302, 302)),  # already signed in
        ("GET", "/admin/logout/", (405, 405, 405, 405)),  # POST only
        ("GET", "/admin/password_change/", EVERYONE),
        ("GET", "/admin/password_change/done/", EVERYONE),
        ("GET", f"/admin/autocomplete/?{section_field}&term=Ci", WRITERS),
        ("GET", "/admin/jsi18n/", EVERYONE),
        (
            "GET",
            f"/admin/r/{own_draft_ct}/{a['own draft'].pk}/",
            (302, 302, 404, 302),
        ),
        (
            "GET",
            f"/admin/r/{own_draft_ct}/{a['other draft'].pk}/",
            (404, 302, 404, 302),
        ),
        ("GET", "/admin/articles/", (200, 200, 404, 200)),
        ("GET", "/admin/stories/", (404, 200, 404, 200)),
        # A story's article picker lists what the ArticleAdmin shows each
        # writer (a contributor: their own), as the section picker does.
        (
            "GET",
            "/admin/autocomplete/?app_label=stories&model_name=storyarticle"
            "&field_name=article&term=The",
            WRITERS,
        ),
        (
            "GET",
            "/admin/autocomplete/?app_label=stories&model_name=banner"
            "&field_name=story&term=Cease",
            EDITORS,
        ),
        ("GET", "/admin/replies/", (404, 200, 200, 200)),
        ("GET", "/admin/auth/", (404, 404, 404, 200)),
        ("GET", "/admin/no-such-page/", (404, 404, 404, 404)),
        ("GET", "/admin/articles/article/", WRITERS),
        ("GET", "/admin/articles/article/add/", WRITERS),
        *article_doors(
            "own draft", a["own draft"], change=WRITERS, delete=WRITERS, preview=WRITERS
        ),
        *article_doors(
            "other draft",
            a["other draft"],
            change=OTHERS,
            delete=OTHERS,
            preview=EDITORS,
        ),
        *article_doors(
            "own published",
            a["own published"],
            change=WRITERS,  # read-only for its contributor
            delete=EDITORS,
            preview=WRITERS,
        ),
        *article_doors(
            "other published",
            a["other published"],
            change=OTHERS,
            delete=OTHERS,
            preview=EDITORS,
        ),
        *model_doors(
            "articles/section",
            world["section"],
            changelist=WRITERS,
            add=EDITORS,
            change=WRITERS,  # read-only for contributors
            history=WRITERS,
            delete=EDITORS,
        ),
        *model_doors(
            "articles/tag",
            world["tag"],
            changelist=WRITERS,
            add=WRITERS,
            change=WRITERS,
            history=WRITERS,
            delete=EDITORS,
        ),
        *model_doors(
            "articles/author",
            world["author"],
            changelist=WRITERS,
            add=EDITORS,
            change=WRITERS,
            history=WRITERS,
            delete=EDITORS,
        ),
        *model_doors(
            "replies/reply",
            reply,
            changelist=MODERATORS,
            add=NOBODY,  # replies come from readers, or as staff replies
            change=MODERATORS,
            history=MODERATORS,
            delete=ADMINISTRATORS,
        ),
        # Done, and back to the reply's form.
        (
            "POST",
            f"/admin/replies/reply/{reply.pk}/moderate/trash/",
            (403, 302, 302, 302),
        ),
        ("POST", f"/admin/replies/reply/{reply.pk}/respond/", (403, 302, 302, 302)),
        *model_doors(
            "replies/discussion",
            world["discussion"],
            changelist=MODERATORS,
            add=EDITORS,
            change=MODERATORS,
            history=MODERATORS,
            delete=ADMINISTRATORS,
        ),
        *model_doors(
            "replies/discussionsettings",
            world["settings"],
            changelist=(403, 403, 403, 302),  # to the one row's form
            add=NOBODY,  # there is one row
            change=ADMINISTRATORS,
            history=ADMINISTRATORS,
            delete=NOBODY,
        ),
        *model_doors(
            "auth/group",
            world["group"],
            changelist=ADMINISTRATORS,
            add=ADMINISTRATORS,
            change=ADMINISTRATORS,
            history=ADMINISTRATORS,
            delete=ADMINISTRATORS,
        ),
        *model_doors(
            "auth/user",
            world["user"],
            changelist=ADMINISTRATORS,
            add=ADMINISTRATORS,
            change=ADMINISTRATORS,
            history=ADMINISTRATORS,
            delete=ADMINISTRATORS,
        ),
        ("GET", f"/admin/auth/user/{world['user'].pk}/password/", ADMINISTRATORS),
        # Static pages: the article's rules.
        ("GET", "/admin/pages/page/", WRITERS),
        ("GET", "/admin/pages/page/add/", WRITERS),
        *[
            door
            for key, change, delete, preview in [
                ("own draft", WRITERS, WRITERS, WRITERS),
                ("other draft", OTHERS, OTHERS, EDITORS),
                ("own published", WRITERS, EDITORS, WRITERS),
                ("other published", OTHERS, OTHERS, EDITORS),
            ]
            for door in article_doors(
                key,
                world["pages"][key],
                change=change,
                delete=delete,
                preview=preview,
                model="pages/page",
            )
        ],
        *model_doors(
            "pages/menu",
            world["menu"],
            changelist=EDITORS,
            add=EDITORS,
            change=EDITORS,
            history=EDITORS,
            delete=EDITORS,
        ),
        *model_doors(
            "stories/story",
            world["story"],
            changelist=EDITORS,
            add=EDITORS,
            change=EDITORS,
            history=EDITORS,
            delete=EDITORS,
        ),
        *model_doors(
            "stories/banner",
            world["banner"],
            changelist=EDITORS,
            add=EDITORS,
            change=EDITORS,
            history=EDITORS,
            delete=EDITORS,
        ),
        *model_doors(
            "articles/pin",
            world["pin"],
            changelist=EDITORS,
            add=EDITORS,
            change=EDITORS,
            history=EDITORS,
            delete=EDITORS,
        ),
        *model_doors(
            "media/image",
            world["image"],
            changelist=WRITERS,
            add=WRITERS,
            change=WRITERS,
            history=WRITERS,
            delete=EDITORS,
        ),
        ("GET", "/admin/media/image/upload/", WRITERS),
        # Live coverage and its entries follow the article: a contributor's
        # own draft is theirs, their published one read-only.
        *[
            door
            for key, change, delete in [
                ("own draft", WRITERS, WRITERS),
                ("own published", WRITERS, EDITORS),
                ("other published", OTHERS, OTHERS),
            ]
            for prefix, obj in zip(
                ("live/livecoverage", "live/entry"), world["live"][key], strict=True
            )
            for door in model_doors(
                prefix,
                obj,
                changelist=WRITERS,
                add=WRITERS,
                change=change,
                history=change,
                delete=delete,
            )
        ],
        *[
            door
            for prefix, key, add, delete in [
                # Written by axes alone; deleting an attempt lifts a lockout.
                ("axes/accessattempt", "attempt", NOBODY, ADMINISTRATORS),
                ("axes/accesslog", "log", NOBODY, ADMINISTRATORS),
                ("axes/accessfailurelog", "failure", NOBODY, ADMINISTRATORS),
                ("otp_totp/totpdevice", "totp", ADMINISTRATORS, ADMINISTRATORS),
                ("otp_static/staticdevice", "codes", ADMINISTRATORS, ADMINISTRATORS),
                # Read-only, kept: the record of what the worker did.
                ("django_tasks_database/dbtaskresult", "task", NOBODY, NOBODY),
                # The WordPress import's record, and the old addresses it kept.
                ("migration/importeditem", "imported", NOBODY, ADMINISTRATORS),
                ("migration/oldaddress", "old address", ADMINISTRATORS, ADMINISTRATORS),
            ]
            for door in model_doors(
                prefix,
                world[key],
                changelist=ADMINISTRATORS,
                add=add,
                change=ADMINISTRATORS,
                history=ADMINISTRATORS,
                delete=delete,
            )
        ],
        # Follow-ups the text promises: editors decide; nobody adds one by hand.
        ("GET", "/admin/followups/", (404, 200, 404, 200)),
        *model_doors(
            "followups/followup",
            world["follow-up"],
            changelist=EDITORS,
            add=NOBODY,
            change=EDITORS,
            history=EDITORS,
            delete=ADMINISTRATORS,
        ),
        ("GET", "/admin/followups/followup/calendar/", EDITORS),
        ("POST", "/admin/followups/followup/calendar/", EDITORS),
        # Each person makes their own calendar address; administrators revoke.
        *model_doors(
            "followups/calendarfeed",
            world["calendar"],
            changelist=ADMINISTRATORS,
            add=NOBODY,
            change=ADMINISTRATORS,
            history=ADMINISTRATORS,
            delete=ADMINISTRATORS,
        ),
        # A device's secret, as text and as a QR code.
        (
            "GET",
            f"/admin/otp_totp/totpdevice/{world['totp'].pk}/config/",
            ADMINISTRATORS,
        ),
        (
            "GET",
            f"/admin/otp_totp/totpdevice/{world['totp'].pk}/qrcode/",
            ADMINISTRATORS,
        ),
    ]


def admin_routes(patterns=None, prefix="admin/"):
    """Every route of the admin site, spelt as `resolve(url).route` spells it."""
    for pattern in admin.site.urls[0] if patterns is None else patterns:
        route = prefix + str(pattern.pattern).removeprefix("^")
        if isinstance(pattern, URLResolver):
            yield from admin_routes(pattern.url_patterns, route)
        else:
            yield route


def test_every_admin_url_is_walked(world):
    walked = {resolve(url.partition("?")[0]).route for _, url, _ in doors(world)}
    unlisted = [route for route in admin_routes() if route not in walked]
    assert not unlisted, f"admin URLs in no row of doors(): {unlisted}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_listed_answer_at_every_door(client, world, role):
    client.force_login(world["people"][role])
    wrong = []
    for method, url, expected in doors(world):
        response = client.generic(method, url)
        if response.status_code != expected[ROLES.index(role)]:
            wrong.append(f"{method} {url}: {response.status_code}")
    assert not wrong, f"{role} got unexpected answers:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    ("role", "key", "reverted"),
    [
        ("Contributor", "own draft", True),
        ("Contributor", "other draft", False),
        ("Contributor", "own published", False),
        ("Contributor", "other published", False),
        ("Moderator", "other published", False),
        ("Editor", "other published", True),
        ("Administrator", "own draft", True),
    ],
)
def test_a_revision_is_saved_over_an_article_only_by_who_may_change_it(
    client, world, role, key, reverted
):
    article = world["articles"][key]
    before = (article.headline, article.status)
    first = article.history.order_by("history_date").first()
    client.force_login(world["people"][role])
    response = client.post(
        f"/admin/articles/article/{article.pk}/history/{first.history_id}/",
        form_data(
            world["section"],
            headline=first.headline,
            slug=article.slug,
            status=article.status,
        ),
    )
    article.refresh_from_db()
    if reverted:
        assert response.status_code == 302
        assert article.headline == first.headline
    else:
        assert response.status_code in (302, 403)
        assert (article.headline, article.status) == before
        assert article.history.count() == 2


@pytest.mark.parametrize("key", ["other draft", "own published", "other published"])
def test_a_contributor_cannot_save_a_revision_over_a_page(client, world, key):
    page = world["pages"][key]
    before = (page.title, page.status)
    first = page.history.order_by("history_date").first()
    client.force_login(world["people"]["Contributor"])
    response = client.post(
        f"/admin/pages/page/{page.pk}/history/{first.history_id}/",
        {"title": first.title, "slug": page.slug, "body": "Overwritten."},
    )
    page.refresh_from_db()
    assert response.status_code in (302, 403)
    assert (page.title, page.status) == before and page.body == "Words."


def test_no_door_shows_a_contributor_another_writers_draft(client, world):
    # Not the page of the draft alone: lists, their filters, autocomplete and
    # history pages must not name it either.
    client.force_login(world["people"]["Contributor"])
    secret = world["articles"]["other draft"].headline.split(",")[0]
    shown = []
    for method, url, _ in doors(world):
        if method == "GET":
            response = client.get(url)
            if response.status_code == 200 and secret in response.text:
                shown.append(url)
    assert not shown, f"{secret!r} shown to a contributor at: {shown}"
