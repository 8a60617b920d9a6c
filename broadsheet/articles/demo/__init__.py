"""The demo newsroom: original sample stories, so a new site does not look empty."""

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
