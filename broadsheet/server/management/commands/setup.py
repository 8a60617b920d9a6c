import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand

from broadsheet.articles.models import Article
from broadsheet.environment import keep_secret_key

ADMIN_USERNAME = "admin"


class Command(BaseCommand):
    help = (
        "Prepare the site to serve: apply migrations, collect static files, add the "
        "demo newsroom to an empty site, create the 'admin' account (its password"
        " is BROADSHEET_ADMIN_PASSWORD if set, otherwise generated and printed "
        "once) and erase reply IP addresses past their retention. "
        "Safe to run again: it only does what is still missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-demo", action="store_true", help="Do not add demo content."
        )

    def handle(self, *args, no_demo, **options):
        settings.SECRET_KEY = keep_secret_key(settings.DATA_DIR)
        self.stdout.write(f"data folder: {settings.DATA_DIR}")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("database: migrations applied")
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write("static files: collected")
        if not no_demo and not Article.objects.exists():
            call_command("demo", stdout=self.stdout)
        self.ensure_admin()
        call_command("purge_reply_ips", stdout=self.stdout)

    def ensure_admin(self):
        User = get_user_model()
        if User.objects.filter(username=ADMIN_USERNAME).exists():
            self.stdout.write(f"admin account: '{ADMIN_USERNAME}' exists already")
            return
        password = os.environ.get("BROADSHEET_ADMIN_PASSWORD") or secrets.token_urlsafe(
            12
        )
        user = User.objects.create_superuser(
            ADMIN_USERNAME, email="", password=password
        )
        user.groups.add(Group.objects.get(name="Administrator"))
        if os.environ.get("BROADSHEET_ADMIN_PASSWORD"):
            self.stdout.write(
                f"admin account: '{ADMIN_USERNAME}' created, "
                "password from BROADSHEET_ADMIN_PASSWORD"
            )
        else:
            self.stdout.write(
                f"admin account: '{ADMIN_USERNAME}', password {password} "
                "(shown only this once; change it in the admin)"
            )
