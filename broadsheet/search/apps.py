from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "broadsheet.search"
    verbose_name = "Reader search"

    def ready(self):
        from django.db.models.signals import post_migrate

        from broadsheet.search import receivers  # noqa: F401

        # Sent per app with models; this app has none, so listen for articles'.
        post_migrate.connect(
            _forget_orphans, sender=self.apps.get_app_config("articles")
        )


def _forget_orphans(sender, using="default", **kwargs):
    # Django's flush (run by `flush` and between transactional tests) empties
    # the articles but not the index, which is no model; it then sends
    # post_migrate, as migrate does. Forget the rows of articles that are gone.
    from broadsheet.search.indexing import remove_orphans

    if using == "default":
        remove_orphans()
