from pathlib import Path

from django.core.management.base import BaseCommand

from broadsheet.migration.synthetic import generate_export


class Command(BaseCommand):
    help = (
        "Write a synthetic WordPress export (WXR 1.2) of any size, for the bench "
        "and for trying import-wordpress: block-editor and classic posts, nested "
        "categories, threaded comments in every state. Seeded: the same "
        "arguments write the same file."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", type=Path, metavar="OUT.xml")
        parser.add_argument("--posts", type=int, default=100)
        parser.add_argument("--comments", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=12)

    def handle(self, *args, output, posts, comments, seed, **options):
        generate_export(output, posts=max(posts, 1), comments=comments, seed=seed)
        self.stdout.write(f"Wrote {output}: {posts} posts, {comments} comments")
