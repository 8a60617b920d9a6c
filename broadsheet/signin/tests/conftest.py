import pytest

from broadsheet.signin.tests.staff import make_staff


@pytest.fixture
def editor(db):
    return make_staff("editor", "Editor")
