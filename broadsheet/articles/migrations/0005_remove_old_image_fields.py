from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_move_featured_images")]

    operations = [
        migrations.RemoveField(
            model_name="article",
            name="image",
        ),
        migrations.RemoveField(
            model_name="article",
            name="image_alt",
        ),
        migrations.RemoveField(
            model_name="article",
            name="image_caption",
        ),
        migrations.RemoveField(
            model_name="article",
            name="image_credit",
        ),
        migrations.RemoveField(
            model_name="historicalarticle",
            name="image",
        ),
        migrations.RemoveField(
            model_name="historicalarticle",
            name="image_alt",
        ),
        migrations.RemoveField(
            model_name="historicalarticle",
            name="image_caption",
        ),
        migrations.RemoveField(
            model_name="historicalarticle",
            name="image_credit",
        ),
    ]
