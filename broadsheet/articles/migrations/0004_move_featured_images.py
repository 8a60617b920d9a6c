import io
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations
from PIL import Image as PillowImage

from broadsheet.media.renditions import make_renditions
from broadsheet.media.uploads import describe


def move_images_to_library(apps, schema_editor):
    """Each article's featured image becomes a library image with its renditions;
    the alt text, caption and credit go with it. A file that is gone or cannot be
    read is left where it was and reported, rather than stopping the upgrade."""
    Article = apps.get_model("articles", "Article")
    Image = apps.get_model("media", "Image")
    for article in Article.objects.exclude(image="").exclude(image__isnull=True):
        name = article.image.name
        try:
            with default_storage.open(name, "rb") as stored:
                data = stored.read()
            with PillowImage.open(io.BytesIO(data)) as opened:
                metadata = describe(opened)
                width, height = opened.size
        except (OSError, ValueError) as error:
            print(f"  article {article.pk}: featured image {name} not moved: {error}")
            continue
        key = uuid.uuid4()
        extension = name.rsplit(".", 1)[-1].lower()
        original = default_storage.save(
            f"originals/{key.hex}.{extension}", ContentFile(data)
        )
        image = Image(
            key=key,
            file=original,
            width=width,
            height=height,
            original_name=name.rsplit("/", 1)[-1][:255],
            alt_text=article.image_alt,
            caption=article.image_caption,
            credit=article.image_credit,
            metadata=metadata,
        )
        image.renditions = make_renditions(image.file, key.hex)
        image.save()
        article.featured_image = image
        article.save(update_fields=["featured_image"])


class Migration(migrations.Migration):
    # Its own migration (and transaction): PostgreSQL cannot alter a table with
    # the row updates of this one still pending their foreign-key checks.
    dependencies = [("articles", "0003_featured_image_from_library")]

    operations = [
        migrations.RunPython(move_images_to_library, migrations.RunPython.noop),
    ]
