from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from broadsheet.replies.models import PrivacyRequest, Reply
from broadsheet.replies.privacy import LINK_LIFETIME


class Command(BaseCommand):
    help = (
        "Erase the IP address and user agent of replies older than "
        "REPLIES_IP_RETENTION_DAYS (default 30), and privacy requests whose "
        "links have expired. The background worker runs it daily and "
        "`broadsheet setup` once; run it by hand when you like."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days instead of REPLIES_IP_RETENTION_DAYS.",
        )

    def handle(self, *args, days, **options):
        days = settings.REPLIES_IP_RETENTION_DAYS if days is None else days
        cutoff = timezone.now() - timedelta(days=days)
        stale = Reply.objects.filter(created_at__lt=cutoff).exclude(
            ip_address__isnull=True, user_agent=""
        )
        count = stale.update(ip_address=None, user_agent="")
        PrivacyRequest.objects.filter(
            created_at__lt=timezone.now() - LINK_LIFETIME
        ).delete()
        self.stdout.write(
            f"purge-reply-ips: erased the addresses of {count} repl"
            f"{'y' if count == 1 else 'ies'} older than {days} days"
        )
