from django.core.management.base import BaseCommand
from django.utils import timezone

from broadsheet.followups.models import FollowUp


class Command(BaseCommand):
    help = (
        "List the follow-ups articles promise, one a line: date, article, "
        "sentence, separated by tabs (a span of days reads 2025-03-24..2025-03-30). "
        "Without --all, only proposed ones whose date has not passed; a note on "
        "standard error counts the proposed ones left out because their date has "
        "passed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Every follow-up, accepted, dismissed and past ones too, with its "
            "status as a fourth column.",
        )

    def handle(self, *args, all, **options):
        follow_ups = FollowUp.objects.select_related("article")
        today = timezone.localdate()
        if not all:
            follow_ups = follow_ups.proposed().upcoming(today)
        for follow_up in follow_ups:
            days = follow_up.due_on.isoformat()
            if follow_up.due_until != follow_up.due_on:
                days += f"..{follow_up.due_until.isoformat()}"
            line = [
                days,
                _one_line(follow_up.article.headline),
                _one_line(follow_up.sentence),
            ]
            if all:
                line.append(follow_up.status)
            self.stdout.write("\t".join(line))
        if not all:
            past = FollowUp.objects.proposed().filter(due_until__lt=today).count()
            if past:
                self.stderr.write(
                    f"{past} proposed follow-up(s) whose date has passed are not "
                    "listed; --all lists them."
                )


def _one_line(text: str) -> str:
    return " ".join(text.split())
