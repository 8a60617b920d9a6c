"""Upgrading keeps existing featured images: they move into the media library."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from broadsheet.media.tests.images import jpeg_with_gps

BEFORE = [("articles", "0003_featured_image_from_library")]
AFTER = [("articles", "0005_remove_old_image_fields")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_featured_images_become_library_images_with_their_words(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    section = old.get_model("articles", "Section").objects.create(name="City", slug="c")
    name = default_storage.save(
        "articles/2025/03/bridge.jpg", ContentFile(jpeg_with_gps())
    )
    Article = old.get_model("articles", "Article")
    Article.objects.create(
        headline="Bridge",
        slug="bridge",
        body="Text.",
        section=section,
        status="published",
        published_at=timezone.now(),
        image=name,
        image_alt="The bridge at night",
        image_caption="Lit for the last time",
        image_credit="Photo: Desk",
    )
    Article.objects.create(
        headline="Plain", slug="plain", body="Text.", section=section
    )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    moved = new.get_model("articles", "Article").objects.get(slug="bridge")
    image = moved.featured_image
    assert (image.alt_text, image.caption, image.credit) == (
        "The bridge at night",
        "Lit for the last time",
        "Photo: Desk",
    )
    assert image.metadata["Make"] == "Testcam"
    assert {r["kind"] for r in image.renditions} == {"width", "og"}
    for rendition in image.renditions:
        assert b"SN-4417-XYZ" not in (tmp_path / rendition["name"]).read_bytes()
    plain = new.get_model("articles", "Article").objects.get(slug="plain")
    assert plain.featured_image is None
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # as the other tests expect
