"""The demo newsroom groups three of its city articles into a story."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_demo_newsroom_has_a_story_of_three_pieces(client):
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "1 stories added" in out.getvalue()
    page = client.get("/stories/keeping-portside-running/").content.decode()
    assert page.count('class="timeline__item"') == 3
    assert "Harbour Bridge to close to cars for eleven weeks" in page
    call_command("demo", stdout=out)
    assert "0 stories added" in out.getvalue()
