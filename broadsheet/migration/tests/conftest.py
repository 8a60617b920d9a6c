from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

DATA = Path(__file__).parent / "data"
SITE = DATA / "site.xml"


def import_wordpress(*args, **options):
    """Run `broadsheet import-wordpress` and return what it printed."""
    out = StringIO()
    call_command("import_wordpress", *map(str, args), stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def uploads(tmp_path):
    """A copy of wp-content/uploads holding one of the site's two images."""
    from PIL import Image

    folder = tmp_path / "uploads"
    (folder / "2024" / "10").mkdir(parents=True)
    Image.new("RGB", (8, 6), (0, 90, 200)).save(folder / "2024/10/waves.jpg")
    return folder


@pytest.fixture
def imported_site(db, settings, tmp_path, uploads):
    """The hand-written Harbour Gazette export, imported; returns the report."""
    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = tmp_path / "media"
    return import_wordpress(SITE, "--uploads", uploads)
