"""Broadsheet's benchmark: `make bench`. Starts its own servers on loopback,
measures, prints a table of medians with ratios to nginx serving the same
bytes in the same run, and stops everything.

Needs wrk and nginx (Debian packages; `make bench` installs them as root).
The machine is shared and noisy: read the medians and the ratios, not one run.
With --database postgres every site gets a fresh database on the PostgreSQL
server of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import ADD_REPLIES, LIMITS, STORY, shell, use_database  # noqa: E402
from bench.front import nginx_rows  # noqa: E402
from bench.hot import hot_rows  # noqa: E402
from bench.live import live_rows  # noqa: E402
from bench.long_thread import long_thread_rows  # noqa: E402
from bench.misses import miss_rows  # noqa: E402
from bench.posting import check_stored, posting_row  # noqa: E402
from bench.scale import scale_rows  # noqa: E402
from bench.search import search_rows  # noqa: E402
from bench.subscribers import approve_with_subscribers_rows  # noqa: E402
from bench.table import print_table  # noqa: E402
from bench.visible import visible_rows  # noqa: E402
from bench.wordpress import print_wordpress_table, wordpress_rows  # noqa: E402
from broadsheet.server.tests.live import live_server  # noqa: E402


def main():
    parser = argparse.ArgumentParser(
        description=" ".join(__doc__.split("\n\n")[0].split()),
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per wrk measure")
    parser.add_argument("--seconds", type=int, default=5, help="length of a wrk run")
    parser.add_argument("--renders", type=int, default=200, help="cache-miss renders")
    parser.add_argument(
        "--post-seconds", type=int, default=10, help="seconds of reply posting"
    )
    parser.add_argument(
        "--visible", type=int, default=20, help="publish and approve runs"
    )
    parser.add_argument(
        "--scale",
        default="1000,100000",
        help="article counts for the scale run, comma-separated ('' to skip)",
    )
    parser.add_argument(
        "--scale-replies", type=int, default=10, help="replies per generated article"
    )
    parser.add_argument(
        "--subscribers", type=int, default=1000, help="subscribers told of a reply"
    )
    parser.add_argument(
        "--approvals", type=int, default=10, help="approvals timed with subscribers"
    )
    parser.add_argument(
        "--live-posts", type=int, default=50, help="live entries timed to visible"
    )
    parser.add_argument(
        "--live-readers", type=int, default=5000, help="readers polling a live page"
    )
    parser.add_argument(
        "--live-every", type=int, default=15, help="seconds between a reader's polls"
    )
    parser.add_argument(
        "--live-seconds", type=int, default=30, help="length of the polling run"
    )
    parser.add_argument(
        "--only",
        choices=["subscribers", "live", "nginx", "misses", "posting", "long"],
        help="run one measure alone: the mail queue (approve with subscribers), "
        "live coverage (entry to visible, polling readers' CPU), nginx in front "
        "(page files, bytes by encoding), the cache misses, reply posting into "
        "the 200-reply article, or the article with 10,000 replies",
    )
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--search-queries", type=int, default=200, help="queries per search size"
    )
    parser.add_argument(
        "--only-search",
        action="store_true",
        help="run only the search measure (at the --scale sizes)",
    )
    parser.add_argument(
        "--wordpress",
        default="10000:200000",
        help="posts:comments of each synthetic WordPress export to import, "
        "comma-separated ('' to skip)",
    )
    parser.add_argument(
        "--wordpress-only",
        action="store_true",
        help="only the WordPress import (needs neither wrk nor nginx)",
    )
    args = parser.parse_args()
    wordpress_sizes = [
        tuple(int(n) for n in size.split(":"))
        for size in args.wordpress.split(",")
        if size
    ]
    if args.wordpress_only:
        use_database(args.database)
        work = Path(tempfile.mkdtemp(prefix="broadsheet-bench-"))
        try:
            print_wordpress_table(args, wordpress_rows(work, wordpress_sizes))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    for tool in () if args.only_search else ("wrk", "nginx"):
        if not shutil.which(tool) and not args.only:
            sys.exit(
                f"bench: {tool} is not installed (apt-get install wrk nginx-light)"
            )
    use_database(args.database)
    work = Path(tempfile.mkdtemp(prefix="broadsheet-bench-"))
    limits = LIMITS
    rows, notes = [], []
    sizes = [int(n) for n in args.scale.split(",") if n]
    try:
        if args.only_search:
            rows += search_rows(work, sizes, args.search_queries, limits)
            return print_table(args, rows, notes)
        if args.only == "live":
            with live_server(work / "site", workers=2, **limits) as server:
                rows, note = live_measure(server, args)
            print_table(args, rows, [note])
            sys.exit(1 if note.startswith("MISMATCH") else 0)
        if args.only == "long":
            long_rows, note = long_thread_rows(work, args, limits)
            return print_table(args, long_rows, [note])
        if args.only in ("nginx", "misses", "posting"):
            with live_server(work / "site", workers=2, **limits) as server:
                story = shell(server, ADD_REPLIES.format(story=STORY, n=200)).strip()
                if args.only == "nginx":
                    rows += nginx_rows(server, story, args, work)
                elif args.only == "misses":
                    rows += miss_rows(server, story, args.renders)
                else:
                    posting, acknowledged = posting_row(
                        server, story, args.post_seconds
                    )
                    rows.append(posting)
                    notes.append(check_stored(server, acknowledged, work))
            print_table(args, rows, notes)
            sys.exit(1 if any(n.startswith("MISMATCH") for n in notes) else 0)
        mail_rows, note = approve_with_subscribers_rows(
            work, args.subscribers, args.approvals
        )
        rows += mail_rows
        notes.append(note)
        if args.only:
            print_table(args, rows, notes)
            sys.exit(1 if note.startswith("MISMATCH") else 0)
        with live_server(work / "site", workers=2, **limits) as server:
            story = shell(server, ADD_REPLIES.format(story=STORY, n=200)).strip()
            rows += hot_rows(server, story, args, work)
            rows += nginx_rows(server, story, args, work)
            rows += miss_rows(server, story, args.renders)
            rows += visible_rows(server, args.visible)
            live, note = live_measure(server, args)
            rows += live
            notes.append(note)
            posting, acknowledged = posting_row(server, story, args.post_seconds)
            rows.append(posting)
            notes.append(check_stored(server, acknowledged, work))
        long_rows, note = long_thread_rows(work, args, limits)
        rows += long_rows
        notes.append(note)
        wordpress = wordpress_rows(work, wordpress_sizes)
        if sizes:
            rows += scale_rows(work, sizes, args, limits)
            rows += search_rows(work, sizes, args.search_queries, limits)
            notes.append(
                f"scale sets: N articles with {args.scale_replies} replies each "
                f"(largest: {sizes[-1] * args.scale_replies:,} replies) plus the "
                f"200-reply article; ratios against {sizes[0]:,} articles; "
                f"{args.renders // 2} renders each"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print_table(args, rows, notes)
    if wordpress:
        print_wordpress_table(args, wordpress)
    if any(note.startswith("MISMATCH") for note in notes):
        sys.exit(1)


def live_measure(server, args):
    return live_rows(
        server, args.live_posts, args.live_readers, args.live_every, args.live_seconds
    )


if __name__ == "__main__":
    main()
