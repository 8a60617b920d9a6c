"""`broadsheet serve` survives its workers and stops all of them on SIGTERM."""

import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

from broadsheet.server.tests.live import CLI, Browser, live_server

STORY_LINK = 'href="(/\\d{4}/\\d\\d/\\d\\d/harbour-bridge[^"]*)"'
LOAD = {
    "REPLIES_MIN_FILL_SECONDS": "0",
    "REPLIES_FLOOD_SECONDS": "0",
    "REPLIES_RATE_LIMIT": "100000",
}


def children_of(pid):
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry))
    return found


def descendants(pid):
    every = []
    for child in children_of(pid):
        every += [child, *descendants(child)]
    return every


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def granian_workers(serve_pid):
    granian = [p for p in children_of(serve_pid) if children_of(p)]
    return children_of(granian[0]) if granian else []


def until(condition, seconds):
    deadline = time.monotonic() + seconds
    while not (value := condition()) and time.monotonic() < deadline:
        time.sleep(0.2)
    return value


def story_of(server):
    front = urllib.request.urlopen(server.url + "/", timeout=10).read().decode()
    return re.search(STORY_LINK, front).group(1)


def post_replies(server, story, count, acknowledged, errors):
    reader = Browser(server.url)
    for n in range(count):
        try:
            page = reader.get(story)
            hidden = dict(
                re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page)
            )
            action = re.search(r'action="(/replies/post/\d+/)"', page).group(1)
            answer = reader.post(
                action,
                {
                    **hidden,
                    "comment": f"Load reply number {n} in {threading.get_ident()}.",
                    "name": "Ada",
                    "email": "ada@mail.example",
                },
            )
            if answer.status == 302:
                acknowledged.append(answer.headers["Location"].rsplit("-", 1)[1])
        except (OSError, AttributeError) as error:
            errors.append(error)  # a request the killed worker held


def test_a_killed_web_worker_is_replaced_and_no_acknowledged_reply_is_lost(tmp_path):
    with live_server(tmp_path, workers=2, **LOAD) as server:
        serve_pid = server.process.pid
        workers = until(lambda: len(granian_workers(serve_pid)) == 2, 20)
        assert workers
        story = story_of(server)
        acknowledged, errors = [], []
        threads = [
            threading.Thread(
                target=post_replies, args=(server, story, 40, acknowledged, errors)
            )
            for _ in range(3)
        ]
        for thread in threads:
            thread.start()
        until(lambda: len(acknowledged) >= 10, 30)
        victim = granian_workers(serve_pid)[0]
        os.kill(victim, signal.SIGKILL)
        at_kill = len(acknowledged)
        for thread in threads:
            thread.join(timeout=120)

        assert server.process.poll() is None, "serve died with its worker"
        assert len(acknowledged) > at_kill, "no reply was acknowledged after the kill"
        replaced = until(
            lambda: (
                len(granian_workers(serve_pid)) == 2
                and victim not in granian_workers(serve_pid)
            ),
            20,
        )
        assert replaced, "the killed worker was not replaced"
        assert urllib.request.urlopen(server.url + story, timeout=10).status == 200
        ids = ",".join(acknowledged)
        stored = server.manage(
            "shell",
            "--no-imports",
            "-c",
            "from broadsheet.replies.models import Reply\n"
            f"print(Reply.objects.filter(pk__in=[{ids}]).count())",
        )
        assert int(stored) == len(acknowledged) == len(set(acknowledged))


def test_sigterm_stops_every_process(tmp_path):
    with live_server(tmp_path, workers=2) as server:
        serve_pid = server.process.pid
        until(lambda: len(granian_workers(serve_pid)) == 2, 20)
        processes = descendants(serve_pid)
        assert len(processes) >= 4  # granian, its two workers, the task worker
        server.process.send_signal(signal.SIGTERM)
        server.process.wait(timeout=15)
        left = until(lambda: not any(alive(pid) for pid in processes), 5)
        assert left, [pid for pid in processes if alive(pid)]
        try:
            urllib.request.urlopen(server.url + "/", timeout=2)
        except urllib.error.URLError:
            pass
        else:
            raise AssertionError("something still answers after SIGTERM")


def niceness(pid):
    with open(f"/proc/{pid}/stat") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[16])


def test_the_task_worker_yields_the_processor_to_web_requests(tmp_path):
    with live_server(tmp_path, workers=2) as server:
        serve_pid = server.process.pid
        until(lambda: len(granian_workers(serve_pid)) == 2, 20)
        web = granian_workers(serve_pid)
        granian = [p for p in children_of(serve_pid) if children_of(p)]
        task_worker = set(children_of(serve_pid)) - set(granian)
        assert [niceness(pid) for pid in web] == [0, 0]
        assert [niceness(pid) for pid in task_worker] == [10]


def run(tmp_path, *args, **env):
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(DATA_DIR=str(tmp_path), **env)
    return subprocess.run(
        [*CLI, *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_serve_before_setup_says_to_run_setup_in_one_line(tmp_path):
    result = run(tmp_path, "serve", "--port", "1")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "run 'broadsheet setup' first" in lines[0]


def test_a_busy_port_is_named_in_one_line(tmp_path):
    assert run(tmp_path, "setup", "--no-demo").returncode == 0
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run(tmp_path, "serve", PORT=str(port))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert f"Port {port}" in lines[0] and "PORT" in lines[0]
