"""Cache misses of this checkout against an earlier commit, interleaved.

    .venv/bin/python bench/against.py REV [--database postgres] [--rounds 8]
        [--renders 25]

The machine is shared and noisy: the same miss can measure 12 ms one minute
and 18 the next, so two runs of `bench/run.py --only misses` an hour apart do
not compare two versions of the code. This serves both side by side instead,
each on a site of its own set up by its own code (REV from a `git worktree` of
this repository, removed afterwards), and measures them in turns: `--renders`
misses of each kind on one, then on the other, `--rounds` times, the order
swapped every round. Whatever the machine does meanwhile, both sides meet it.

Prints the p50 and p99 of each side's misses (the same measures as
`bench/run.py --only misses`: the 200-reply article after an edit and after a
reply, the front page after a publication) and the ratio of their medians.

With `--search N`, the sites hold N generated articles and the misses are the
search results pages of `bench/run.py --only-search` (its queries, each page
fetched once), `--renders` of them a turn. Each side draws the queries from
its own checkout's generated text, so against a commit whose word lists
differ the two sides search for different words.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    ADD_REPLIES,
    LIMITS,
    STORY,
    percentile,
    shell,
    use_database,
)
from bench.misses import ARTICLE, ARTICLE_MISSES, miss_times  # noqa: E402
from bench.search import generated_site, page_times  # noqa: E402
from broadsheet.server.tests.live import live_server  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rev", help="the commit to measure against (e.g. HEAD~3)")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--renders", type=int, default=25, help="misses per turn")
    parser.add_argument(
        "--search",
        type=int,
        metavar="N",
        help="measure search results pages on sites of N generated articles",
    )
    args = parser.parse_args()
    use_database(args.database)
    with tempfile.TemporaryDirectory(prefix="broadsheet-against-") as work:
        work = Path(work)
        tree = work / "tree"
        git("worktree", "add", "--detach", str(tree), args.rev)
        try:
            times = measure(work, tree, args)
        finally:
            git("worktree", "remove", "--force", str(tree))
    print_comparison(args, times)


def measure(work, tree, args) -> dict:
    """{side: {measure: [ms, ...]}} for the sides "base" (REV) and "this"."""
    times = {"base": {}, "this": {}}
    with (
        # Run in the worktree: `python -m` and granian import from their
        # working directory first.
        live_server(work / "base", cwd=tree, PYTHONPATH=str(tree), **LIMITS) as base,
        live_server(work / "this", **LIMITS) as this,
    ):
        servers = {"base": base, "this": this}
        for side, server in servers.items():
            where = shell(server, "import broadsheet; print(broadsheet.__file__)")
            print(f"{side}: {Path(where.strip()).parent.parent}", file=sys.stderr)
        if args.search:
            turn = search_turn(servers, args)
        else:
            turn = article_turn(servers, args)
        order = list(servers)
        for round_ in range(args.rounds):
            for side in order if round_ % 2 == 0 else order[::-1]:
                for name, found in turn(side, round_):
                    times[side].setdefault(name, []).extend(found)
    return times


def article_turn(servers, args):
    """One side's misses of the 200-reply article and the front page."""
    stories = {
        side: shell(server, ADD_REPLIES.format(story=STORY, n=200)).strip()
        for side, server in servers.items()
    }

    def turn(side, round_):
        for name, path, key in ARTICLE_MISSES:
            path = stories[side] if path == ARTICLE else path
            yield name, miss_times(servers[side], path, key, args.renders, warm=2)

    return turn


def search_turn(servers, args):
    """One side's search results pages: the next `--renders` of the bench's
    queries, each once (the first 20 warm each server's workers)."""
    count = 20 + args.rounds * args.renders
    for server in servers.values():
        generated_site(server, args.search)
        page_times(server, "warm", 0, 20, count)

    def turn(side, round_):
        start = 20 + round_ * args.renders
        found = page_times(
            servers[side], f"r{round_}", start, start + args.renders, count
        )
        yield f"search page miss, {args.search:,} articles", found

    return turn


def print_comparison(args, times):
    print(
        f"\nCache misses, {args.rev} against this checkout: {args.database}, "
        f"{os.cpu_count()} CPUs, {args.rounds} rounds of {args.renders} each, "
        "interleaved\n"
    )
    print(
        f"| {'measure (ms)':<38} | {'base p50 / p99':>15} "
        f"| {'this p50 / p99':>15} | ratio |"
    )
    print(f"|{'-' * 40}|{'-' * 17}|{'-' * 17}|{'-' * 7}|")
    for name in times["base"]:
        base, this = times["base"][name], times["this"][name]
        b50, t50 = percentile(base, 50), percentile(this, 50)
        print(
            f"| {name:<38} | {b50:>6.2f} / {percentile(base, 99):6.2f} "
            f"| {t50:>6.2f} / {percentile(this, 99):6.2f} | {t50 / b50:5.2f} |"
        )
    print(f"\nbase: {args.rev}; ratio: this p50 / base p50 (below 1: this is faster)")


def git(*args):
    subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True)


if __name__ == "__main__":
    main()
