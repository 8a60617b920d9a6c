import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_listing_indexes"),
        ("media", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="featured_image",
            field=models.ForeignKey(
                blank=True,
                help_text="From the media library; its alt text, caption and credit go with it.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="featured_in",
                to="media.image",
                verbose_name="featured image",
            ),
        ),
        migrations.AddField(
            model_name="historicalarticle",
            name="featured_image",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="From the media library; its alt text, caption and credit go with it.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="media.image",
                verbose_name="featured image",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="body",
            field=models.TextField(
                help_text="Markdown. Lines starting with ✅ form a checklist. ![Alt text](image:12) places library image 12 (the alt text may be left empty to use the library's)."
            ),
        ),
        migrations.AlterField(
            model_name="historicalarticle",
            name="body",
            field=models.TextField(
                help_text="Markdown. Lines starting with ✅ form a checklist. ![Alt text](image:12) places library image 12 (the alt text may be left empty to use the library's)."
            ),
        ),
    ]
