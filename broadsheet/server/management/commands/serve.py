import os
import shutil
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Serve the site with granian, a production-grade WSGI server "
        "(not Django's runserver), on HOST:PORT (default 127.0.0.1 and the PORT "
        "setting, 8000). Run 'broadsheet setup' first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument(
            "--port", type=int, default=None, help="Port (default: PORT)."
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_WORKERS", os.cpu_count() or 1)),
            help="Worker processes (default: WEB_WORKERS, else one per CPU).",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("WEB_THREADS", 2)),
            help=(
                "Threads per worker that run Django (default: WEB_THREADS, else 2). "
                "Few threads keep the tail latency low on SQLite; more help when "
                "the database is on another machine."
            ),
        )

    def handle(self, *args, host, port, workers, threads, **options):
        granian = shutil.which(
            "granian", path=os.path.dirname(sys.executable)
        ) or shutil.which("granian")
        if granian is None:
            raise CommandError(
                "granian is not installed; run 'pip install -e .' first."
            )
        port = port or settings.PORT
        self.stdout.write(f"Serving {settings.SITE_NAME} on http://{host}:{port}/")
        self.stdout.flush()
        argv = [
            granian,
            "--interface",
            "wsgi",
            "--host",
            host,
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--blocking-threads",
            str(threads),
            "--no-ws",
            "broadsheet.wsgi:application",
        ]
        os.execv(granian, argv)
