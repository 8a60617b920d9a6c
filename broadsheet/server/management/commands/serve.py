"""`broadsheet serve`: granian for the web, and the background worker, supervised.

serve stays the parent of both:

- granian runs the web workers and respawns one that dies (kill -9, a crash)
  while the others keep answering (--respawn-failed-workers);
- `broadsheet worker` sends the queued mail and runs the periodic jobs; serve
  starts it again if it dies;
- SIGTERM or SIGINT stops both: each gets SIGTERM (granian gives its workers
  4 seconds to finish their requests), and whatever is still alive
  after STOP_SECONDS (granian's workers included, as its process group) gets
  SIGKILL, so no worker keeps serving after serve has gone.
"""

import contextlib
import ctypes
import errno
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

STOP_SECONDS = 8
PR_SET_PDEATHSIG = 1


def _die_with_parent():
    # Linux: a child gets SIGTERM if serve itself is killed with SIGKILL.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Command(BaseCommand):
    help = (
        "Serve the site with granian, a production-grade WSGI server "
        "(not Django's runserver), on HOST:PORT (default 127.0.0.1 and the PORT "
        "setting, 8000), together with the background worker. "
        "Run 'broadsheet setup' first."
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
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start the background worker (run 'broadsheet worker' "
            "elsewhere).",
        )

    def handle(self, *args, host, port, workers, threads, no_worker, **options):
        granian = shutil.which(
            "granian", path=os.path.dirname(sys.executable)
        ) or shutil.which("granian")
        if granian is None:
            raise CommandError(
                "granian is not installed; run 'pip install -e .' first."
            )
        port = port or settings.PORT
        refuse_unless_set_up()
        refuse_busy_port(host, port)
        env = os.environ.copy()
        env["PORT"] = str(port)  # the default SITE_URL follows the port served
        web_argv = [
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
            "--respawn-failed-workers",
            "--respawn-interval",
            "0.5",
            "--workers-kill-timeout",
            "4",
            "broadsheet.wsgi:application",
        ]
        worker_argv = [sys.executable, "-m", "broadsheet.cli", "worker"]
        self.stdout.write(f"Serving {settings.SITE_NAME} on http://{host}:{port}/")
        self.stdout.flush()
        sys.exit(Supervisor(web_argv, None if no_worker else worker_argv, env).run())


def refuse_unless_set_up():
    missing = [
        path
        for path in (
            Path(settings.STATIC_ROOT) / "staticfiles.json",
            None if os.environ.get("SECRET_KEY") else settings.DATA_DIR / "secret_key",
        )
        if path is not None and not path.exists()
    ]
    if missing:
        raise CommandError(
            f"The site is not set up ({', '.join(map(str, missing))} missing): "
            "run 'broadsheet setup' first."
        )


def refuse_busy_port(host, port):
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host.strip("[]"), port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise CommandError(
                    f"Port {port} on {host} is in use: stop what is using it, or "
                    "choose another port with PORT (or --port)."
                ) from None
            raise CommandError(f"Cannot listen on {host}:{port}: {error}") from None


class Supervisor:
    """Run the web server and the worker until a signal, restarting the worker."""

    def __init__(self, web_argv, worker_argv, env):
        self.web_argv, self.worker_argv, self.env = web_argv, worker_argv, env
        self.stopping = False

    def start(self, argv):
        return subprocess.Popen(
            argv, env=self.env, start_new_session=True, preexec_fn=_die_with_parent
        )

    def run(self) -> int:
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, self._stop)
        self.web = self.start(self.web_argv)
        self.worker = self.start(self.worker_argv) if self.worker_argv else None
        while not self.stopping and self.web.poll() is None:
            if self.worker is not None and self.worker.poll() is not None:
                print(
                    f"serve: the worker exited ({self.worker.returncode}); "
                    "starting another",
                    file=sys.stderr,
                    flush=True,
                )
                time.sleep(1)
                self.worker = self.start(self.worker_argv)
            time.sleep(0.2)
        self.shutdown()
        return 0 if self.stopping else (self.web.returncode or 1)

    def _stop(self, signum, frame):
        self.stopping = True

    def shutdown(self):
        children = [p for p in (self.web, self.worker) if p is not None]
        for process in children:
            # The group leader only: granian stops its own workers, and one
            # told directly would look to it like a crash and be respawned.
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        for process in children:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
        for process in children:
            # Whatever is left of the group (a granian worker that outlived
            # its parent) is killed: nothing serves after serve has stopped.
            _signal_group(process, signal.SIGKILL)
            process.poll()


def _signal_group(process, signum):
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signum)
