"""The same misses on sites of 1,000 and 100,000 articles."""

from bench.common import ADD_REPLIES, STORY, shell
from bench.misses import misses
from broadsheet.server.tests.live import live_server


def scale_run(work, size, replies_each, renders, limits):
    """Miss renders of the 200-reply article and the front page, `size` articles."""
    with live_server(work / f"scale-{size}", workers=2, **limits) as server:
        server.manage(
            "generate-data",
            "--articles",
            str(size),
            "--replies",
            str(size * replies_each),
            "--verbosity",
            "0",
            timeout=1800,
        )
        story = shell(server, ADD_REPLIES.format(story=STORY, n=200)).strip()
        article = misses(server, story, "article-{pk}", renders)
        front = misses(server, "/", "listings", renders)
    return article, front


def scale_rows(work, sizes, args, limits):
    """The same misses with each number of articles, and the ratio to the first."""
    results = {
        n: scale_run(work, n, args.scale_replies, args.renders // 2, limits)
        for n in sizes
    }
    first_article, first_front = results[sizes[0]]
    rows = []
    for n, (article, front) in results.items():
        rows.append(
            (
                f"article miss, {n:,} articles",
                "",
                *article,
                f"{article[0] / first_article[0]:.2f}x",
            )
        )
        rows.append(
            (
                f"front page miss, {n:,} articles",
                "",
                *front,
                f"{front[0] / first_front[0]:.2f}x",
            )
        )
    return rows
