import re

import pytest

from broadsheet.articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    TagFactory,
)

RESULT_LINK = re.compile(r'<h2 class="card__headline"><a href="([^"]+)">')


def found(client, **params) -> list[str]:
    """The headlines' links on the results page for these parameters, in order."""
    response = client.get("/search/", params)
    assert response.status_code == 200, response.content[:500]
    return RESULT_LINK.findall(response.content.decode())


@pytest.fixture
def ceasefire(db):
    """A published article about the ceasefire call, with tags and an author."""
    return ArticleFactory(
        headline="Leaders to hold call on ending the war",
        dek="The Kremlin says the talks will be a constructive dialogue.",
        body=(
            "Dmitry PESKOV said security guarantees would be discussed.\n\n"
            "The ceasefire negotiations in Kyív are expected to last weeks."
        ),
        section=SectionFactory(name="World"),
        authors=[AuthorFactory(name="Olena Marchenko")],
        tags=[TagFactory(name="Diplomacy")],
    )
