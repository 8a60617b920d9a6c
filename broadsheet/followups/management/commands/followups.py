from django.core.management.base import BaseCommand

from broadsheet.followups.models import FollowUp


class Command(BaseCommand):
    help = (
        "List the follow-ups articles promise, one a line: date, article, "
        "sentence, separated by tabs (a span of days reads 2025-03-24..2025-03-30), "
        "in date order. Without --all, the proposed ones an editor has still to "
        "accept or dismiss, past dates included."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Every follow-up, accepted and dismissed ones too, with its "
            "status as a fourth column.",
        )

    def handle(self, *args, all, **options):
        follow_ups = FollowUp.objects.select_related("article")
        if not all:
            follow_ups = follow_ups.proposed()
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


def _one_line(text: str) -> str:
    return " ".join(text.split())
