"""Varied newsroom text for generated articles, so searches match realistically.

Each article gets a topic, a place and people drawn from lists, sentences from
templates, and a paragraph of words drawn with Zipf-like weights from a
vocabulary, so some words are in most articles, many in a few, and the names
and place pairs are rare: like an archive, not 100,000 copies of one story.

    text = ArticleText.generate(random.Random(1))
    text.headline, text.dek, text.body, text.body_html
"""

import random
from dataclasses import dataclass
from html import escape

from broadsheet.articles.rendering import render_markdown

TOPICS = [
    "ceasefire talks", "harbour bridge", "water rates", "tram line", "school budget",
    "grain prices", "housing plan", "river festival", "museum roof", "library hours",
    "hospital waiting lists", "bus routes", "port strike", "energy prices",
    "flood defences", "election count", "teachers' pay", "airport expansion",
    "cycle lanes", "rent controls", "fishing quotas", "wind farm", "rail timetable",
    "police budget", "drought", "vaccine programme", "steel plant", "bakeries",
    "border crossing", "refugee centre", "peace negotiations", "security guarantees",
    "humanitarian aid", "trade deal", "tax reform", "night trains", "heatwave",
    "football stadium", "concert hall", "parking charges",
]  # fmt: skip
PLACES = [
    "Kyiv", "Lviv", "Odesa", "Harbourside", "Northgate", "Riverside", "Old Town",
    "Zürich", "São Paulo", "Kraków", "Malmö", "Gdańsk", "Brussels", "Geneva",
    "Istanbul", "Helsinki", "Tallinn", "Vilnius", "Porto", "Seville", "Naples",
    "Lyon", "Leipzig", "Bergen", "Cork", "Galway", "Aberdeen", "Bristol",
]  # fmt: skip
PEOPLE = [
    "Dmitry Peskov", "Olena Kovalenko", "Marta Novak", "Piet de Vries",
    "Ana Silva", "Ben Cole", "Maya Lindqvist", "Tomasz Wiśniewski", "Chloé Martin",
    "Jonas Berg", "Aisha Rahman", "Lukas Meyer", "Sofia Rossi", "Emre Yılmaz",
    "Ingrid Olsen", "Carlos Mendes", "Niamh Byrne", "Hugo Lefèvre", "Yara Haddad",
    "Oskar Nilsson", "Elena Popescu", "Mateus Costa", "Greta Schulz", "Ivan Petrenko",
]  # fmt: skip
ROLES = [
    "the mayor", "the deputy mayor", "a council spokesperson", "the minister",
    "the union's leader", "a local trader", "the head of the authority",
    "an engineer on the project", "a resident of 30 years", "the opposition leader",
]  # fmt: skip
HEADLINES = [
    "{Topic}: {place} council weighs the plan",
    "{Topic} in {place} delayed again",
    "{person} says {topic} will go ahead",
    "What the {topic} means for {place}",
    "{place} residents divided over {topic}",
    "Deal reached on {topic} after late talks in {place}",
    "{Topic}: five questions answered",
    "{person} criticises handling of {topic}",
]
SENTENCES = [
    "The council met in {place} on {month} {day} to discuss the {topic}.",
    "“We have listened to every objection,” said {role}, {person}.",
    "Officials said a decision on the {topic} would be announced within weeks.",
    "{person} told reporters the {topic} had been under review since spring.",
    "Critics in {place} say the cost has risen by {number} per cent.",
    "Traders were divided: some welcomed the change, others feared losing customers.",
    "The {topic} has drawn protests in {place} and {other}.",
    "A spokesperson for {person} declined to comment on the {topic}.",
    "Funding of {number} million has been set aside but not yet released.",
    "Negotiations are expected to resume in {other} next month.",
    "Residents who spoke to us asked not to be named.",
    "The vote was postponed after {number} objections were filed.",
    "Engineers warned that repairs could take until {month}.",
    "Guarantees for workers were promised but not written into the agreement.",
    "Observers described the talks as a constructive dialogue.",
    "The opposition called the {topic} a costly mistake.",
]
VOCABULARY = (  # noqa: SIM905 (a paragraph of words reads better than a list)
    "announcement budget cabinet committee consultation contract deadline delay "
    "deputy district economy emergency estimate evidence forecast framework "
    "funding governor harbour inquiry inspection investment justice landlord "
    "lawsuit legislation ministry neighbourhood objection ombudsman parliament "
    "petition pledge proposal protest referendum regulator reservoir residents "
    "revenue ruling scandal settlement shortage spokesperson subsidy surplus "
    "survey tender testimony timetable tribunal turnout verdict volunteers warden "
    "archipelago barometer cathedral dockyard embankment ferry granary lighthouse "
    "meadow observatory orchard quarry sawmill tannery vineyard watermill "
    "asbestos bauxite cobalt lithium manganese nickel potash tungsten uranium zinc "
    "accordion bassoon cello clarinet harpsichord marimba oboe trombone ukulele "
    "zither"
).split()
MONTHS = ["March", "June", "September", "December", "January", "May"]
CHECKLIST = (
    "## What happens next\n\n✅ Consultation closes at the end of the month\n\n"
    "✅ A final vote is expected in {month}"
)
# Zipf-like: the n-th word of the vocabulary is drawn with weight 1/n.
_WEIGHTS = [1 / (n + 1) for n in range(len(VOCABULARY))]


@dataclass(frozen=True)
class ArticleText:
    headline: str
    dek: str
    body: str
    body_html: str

    @classmethod
    def generate(cls, rng: random.Random) -> "ArticleText":
        slots = {
            "topic": rng.choice(TOPICS),
            "place": rng.choice(PLACES),
            "other": rng.choice(PLACES),
            "person": rng.choice(PEOPLE),
            "role": rng.choice(ROLES),
            "month": rng.choice(MONTHS),
            "day": rng.randrange(1, 29),
            "number": rng.randrange(2, 90),
        }
        slots["Topic"] = slots["topic"][0].upper() + slots["topic"][1:]
        paragraphs = [
            " ".join(rng.choice(SENTENCES).format(**slots) for _ in range(3))
            for _ in range(rng.randrange(3, 6))
        ]
        paragraphs.append(
            " ".join(rng.choices(VOCABULARY, _WEIGHTS, k=25)).capitalize() + "."
        )
        checklist = CHECKLIST.format(**slots)
        # The paragraphs are plain sentences: only the checklist needs Markdown,
        # and rendering each of 100,000 bodies would dominate the run.
        html = "".join(f"<p>{escape(p, quote=False)}</p>\n" for p in paragraphs)
        return cls(
            headline=rng.choice(HEADLINES).format(**slots)[:200],
            dek=rng.choice(SENTENCES).format(**slots),
            body="\n\n".join([*paragraphs, checklist]),
            body_html=html + _rendered(checklist),
        )


_RENDERED = {}


def _rendered(markdown: str) -> str:
    if markdown not in _RENDERED:
        _RENDERED[markdown] = render_markdown(markdown)
    return _RENDERED[markdown]
