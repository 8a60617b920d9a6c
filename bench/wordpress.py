"""Importing a synthetic WordPress export (#12): time, items/s, peak memory."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

WORDPRESS_TARGETS = {"seconds": 120, "rss_mb": 300}


def wordpress_import(work, posts, comments):
    """Import a synthetic WXR export of `posts` posts and `comments` threaded
    comments into an empty site: (seconds, CPU seconds, items/s, peak RSS MB)."""
    from broadsheet.server.tests.live import scratch_database

    broadsheet = str(Path(sys.executable).with_name("broadsheet"))
    export = work / "wordpress.xml"
    subprocess.run(
        [broadsheet, "generate-wordpress-export", str(export),
         "--posts", str(posts), "--comments", str(comments)],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    with scratch_database(work) as database_url:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        site = work / "wordpress-site"
        shutil.rmtree(site, ignore_errors=True)  # an empty site for each size
        site.mkdir()
        env["DATA_DIR"] = str(site)
        if database_url:
            env["DATABASE_URL"] = database_url
        subprocess.run([broadsheet, "migrate", "-v0"], env=env, check=True)
        started = time.monotonic()
        process = subprocess.Popen(
            [broadsheet, "import-wordpress", str(export),
             "--report", str(work / "wordpress-report.txt")],
            env=env, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.monotonic() - started
    if status != 0:
        sys.exit(f"bench: import-wordpress failed with status {status}")
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, (posts + comments) / seconds, usage.ru_maxrss / 1024


def wordpress_rows(work, sizes):
    rows = []
    for posts, comments in sizes:
        seconds, cpu, rate, rss = wordpress_import(work, posts, comments)
        met = (
            seconds < WORDPRESS_TARGETS["seconds"] and rss < WORDPRESS_TARGETS["rss_mb"]
        )
        rows.append(
            f"| {posts:>7,} posts + {comments:>9,} comments | {seconds:8.1f} s "
            f"| {cpu:8.1f} s | {rate:8,.0f}/s | {rss:7.0f} MB | "
            f"{'met' if met else 'MISSED'} |"
        )
    return rows


def print_wordpress_table(args, rows):
    print(
        f"\nWordPress import ({args.database}, {os.cpu_count()} CPUs; targets under "
        f"{WORDPRESS_TARGETS['seconds']} s and {WORDPRESS_TARGETS['rss_mb']} MB)\n"
    )
    print("| export | wall | CPU | items/s | peak RSS | targets |")
    print("|---|---:|---:|---:|---:|---|")
    for row in rows:
        print(row)
