import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Worker

from broadsheet.background import periodic

TICK_SECONDS = 60
# Readers' requests come first: on a machine the web workers share, the
# worker's fan-out of mail would otherwise slow the moderator who approved it.
NICENESS = 10


class Command(BaseCommand):
    help = (
        "Run the background worker: send queued e-mail (retrying when the mail "
        "server fails), post CDN purges, and run the periodic jobs (the reply-IP "
        "purge). 'broadsheet serve' starts one itself; run this alone for more "
        "workers or on another machine."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds between looks at an empty queue (default 1).",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Run every task that is ready now, then exit.",
        )
        parser.add_argument(
            "--nice",
            type=int,
            default=NICENESS,
            choices=range(20),
            metavar="N",
            help=f"Lower the worker's CPU priority by N, 0 to 19 (default "
            f"{NICENESS}), so web requests on the same machine come first.",
        )

    def handle(self, *args, interval, batch, nice, **options):
        key_file = settings.DATA_DIR / "secret_key"
        if not os.environ.get("SECRET_KEY") and not key_file.exists():
            # Links in e-mail are signed: a throwaway key would break them.
            raise CommandError(
                f"The site is not set up ({key_file} missing): "
                "run 'broadsheet setup' first."
            )
        os.nice(nice)
        worker = Worker(
            queue_names=["*"],
            interval=interval,
            batch=True,  # returns when the queue is empty, so we can tick
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"{os.uname().nodename}-{os.getpid()}"[:64],
            excluded_queue_names=[],
        )
        if not batch:
            # SIGTERM/SIGINT: stop at once when idle, after the task when busy.
            worker.configure_signals()
            self.stdout.write(f"worker {worker.worker_id}: waiting for tasks")
            self.stdout.flush()
        last_tick = 0.0
        while worker.running:
            if time.monotonic() - last_tick >= TICK_SECONDS:
                periodic.tick()
                last_tick = time.monotonic()
            worker.run()
            close_old_connections()
            if batch:
                return
            if worker.running:
                time.sleep(interval)
