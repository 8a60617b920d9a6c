"""The demo newsroom: original sample stories, each illustrated with a picture
drawn with Pillow (pictures.py), so a new site does not look empty."""

from datetime import timedelta
from importlib import resources

from django.utils import timezone
from django.utils.text import slugify

from broadsheet.articles.demo.pictures import draw_picture
from broadsheet.articles.models import Article, Author, Byline, Section, Tag, Update
from broadsheet.media.library import add_image

SECTIONS = [
    ("City", "city", "Council, transport and the life of the city."),
    ("Business", "business", "Markets, work and money."),
    ("Culture", "culture", "Festivals, museums, books and the arts."),
]
AUTHORS = [
    ("Maya Lindqvist", "maya-lindqvist", "Maya covers the city council and transport."),
    (
        "Tomás Reyes",
        "tomas-reyes",
        "Tomás writes about business and the regional economy.",
    ),
    ("Priya Natarajan", "priya-natarajan", "Priya is the culture editor."),
]
# What each demo illustration shows (drawn by pictures.py), for its alt text.
ALT_TEXTS = {
    "harbour-bridge.md": "Drawing of a cable-stayed bridge over the harbour at dusk",
    "grain-prices.md": "Drawing of striped wheat fields under a green sky",
    "river-festival.md": "Drawing of a floating cinema screen under festival lights",
    "water-rates.md": "Drawing of rain falling on a reservoir",
    "library-hours.md": "Drawing of the library with its windows lit at night",
    "cooperative-bakery.md": "Drawing of five loaves of bread on a wooden counter",
    "museum-roof.md": "Drawing of a museum's columned front",
}
# (file, headline, dek, section slug, author slugs, tags, hours before now, place)
ARTICLES = [
    (
        "harbour-bridge.md",
        "Harbour Bridge to close to cars for eleven weeks",
        "Engineers will replace corroded deck joints; buses, bikes and a new ferry "
        "keep the crossing open.",
        "city",
        ["maya-lindqvist"],
        ["Transport", "City council"],
        3,
        "PORTSIDE",
    ),
    (
        "grain-prices.md",
        "Grain prices fall for a third week on early harvest",
        "Millers expect flour to follow, if the weather holds.",
        "business",
        ["tomas-reyes"],
        ["Markets", "Farming"],
        7,
        "",
    ),
    (
        "river-festival.md",
        "River Festival returns with a floating cinema",
        "Three stages, a night market and silent films on the water "
        "after a two-year break.",
        "culture",
        ["priya-natarajan"],
        ["Festivals"],
        20,
        "",
    ),
    (
        "water-rates.md",
        "Regulator approves smaller water rate rise, with conditions",
        "Bills rise about 4 percent from April; the utility must cut leaks by a tenth.",
        "business",
        ["tomas-reyes", "maya-lindqvist"],
        ["Utilities"],
        30,
        "",
    ),
    (
        "library-hours.md",
        "Central library to stay open until 10 p.m. on weekdays",
        "A trial drew more than 4,000 evening visitors, many of them shift workers.",
        "city",
        ["maya-lindqvist"],
        ["Libraries"],
        50,
        "",
    ),
    (
        "cooperative-bakery.md",
        "Laid-off bakers open a cooperative in the old tram depot",
        "Eleven members, equal shares, and bread that sells out before noon.",
        "business",
        [],
        ["Work"],
        75,
        "",
    ),
    (
        "museum-roof.md",
        "Museum east wing to close for roof repairs",
        "The mineral gallery has taken water for three winters.",
        "culture",
        ["priya-natarajan"],
        ["Museums"],
        100,
        "",
    ),
]


def add_demo_newsroom() -> int:
    """Add the demo sections, authors and stories that are missing; return how many."""
    sections = {}
    for position, (name, slug, description) in enumerate(SECTIONS):
        sections[slug], _ = Section.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "position": position,
            },
        )
    authors = {}
    for name, slug, bio in AUTHORS:
        authors[slug], _ = Author.objects.get_or_create(
            slug=slug, defaults={"name": name, "bio": bio}
        )
    now = timezone.now()
    created = 0
    for (
        filename,
        headline,
        dek,
        section,
        bylines,
        tags,
        hours,
        place,
    ) in ARTICLES:
        ref = f"demo:{filename}"
        if Article.objects.filter(import_ref=ref).exists():
            continue
        body = resources.files(__name__).joinpath(filename).read_text(encoding="utf-8")
        article = Article.objects.create(
            import_ref=ref,
            headline=headline,
            slug=slugify(headline)[:80].strip("-"),
            dek=dek,
            body=body,
            section=sections[section],
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(hours=hours),
            dateline_place=place,
            byline="" if bylines else "Staff",
            featured_image=add_image(
                draw_picture(filename, section),
                alt_text=ALT_TEXTS[filename],
                credit="Illustration: Broadsheet demo",
            ),
        )
        for position, slug in enumerate(bylines):
            Byline.objects.create(
                article=article, author=authors[slug], position=position
            )
        for tag_name in tags:
            tag, _ = Tag.objects.get_or_create(
                slug=slugify(tag_name), defaults={"name": tag_name}
            )
            article.tags.add(tag)
        created += 1
        if filename == "water-rates.md":
            Update.objects.create(
                article=article,
                kind=Update.Kind.CORRECTION,
                note="An earlier version of this story gave the length of pipe "
                "to be replaced as 16 kilometres. It is 60 kilometres.",
                posted_at=article.published_at + timedelta(hours=2),
            )
    return created
